import { createCipheriv, randomBytes } from 'node:crypto';
import { keyFromPassphrase, LEGACY_KEY_ID, legacyHashKey, maskContactsInText, maskIdNumber, maskName, maskPhone, parsePiiKeys, PiiCipher, PROTECTED_VALUE_SQL } from './pii';

describe(PiiCipher.name, () => {
  const sut = new PiiCipher({ encryption: 'k'.repeat(32), hash: 'h'.repeat(32) });

  it('round-trips and never stores the plain value', () => {
    const stored = sut.encrypt('13912345678');
    expect(stored).not.toContain('13912345678');
    expect(sut.decrypt(stored)).toBe('13912345678');
    expect(sut.encrypt('13912345678')).not.toBe(stored);
  });

  it('hashes normalised values with its own key', () => {
    expect(sut.hash('139 1234 5678')).toBe(sut.hash('13912345678'));
    const other = new PiiCipher({ encryption: 'k'.repeat(32), hash: 'x'.repeat(32) });
    expect(other.hash('13912345678')).not.toBe(sut.hash('13912345678'));
  });

  it('rejects a tampered ciphertext', () => {
    const stored = sut.encrypt('320106199001011234');
    const parts = stored.split(':');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => sut.decrypt(parts.join(':'))).toThrow();
  });

  it('writes the key id into the ciphertext', () => {
    expect(sut.encrypt('13912345678')).toMatch(/^v2:legacy:/);
    expect(new RegExp(PROTECTED_VALUE_SQL).test(sut.encrypt('13912345678'))).toBe(true);
  });

  it('opens a column that held plain text before it was protected', () => {
    expect(sut.open(sut.encrypt('王阿姨'))).toBe('王阿姨');
    expect(sut.open('王阿姨')).toBe('王阿姨');
    expect(sut.open(null)).toBeNull();
  });

  it('masks', () => {
    expect(maskPhone('13912345678')).toBe('139****5678');
    expect(maskIdNumber('320106199001011234')).toBe('320106**********34');
    expect(maskName('张三丰')).toBe('张**');
  });
});

describe('maskContactsInText', () => {
  it('masks phone numbers, ID numbers and email addresses written into free text', () => {
    expect(maskContactsInText('张先生 13800138000 来电，身份证 320106199001011234，座机 025-83001234，邮箱 zhang@example.cn'))
      .toBe('张先生 138****8000 来电，身份证 320106**********34，座机 025****1234，邮箱 ***@example.cn');
    expect(maskContactsInText('+86 138-0013-8000')).toBe('138****8000');
    expect(maskContactsInText('宝塔桥东街5号 3栋 201室，2026年')).toBe('宝塔桥东街5号 3栋 201室，2026年');
  });
});

describe('key ids and rotation', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  const ring = (keys: [string, Buffer][], activeKeyId: string) => new PiiCipher({ keys: new Map(keys), activeKeyId, hash: 'h'.repeat(32) });

  it('reads old rows with their key while writing new ones with the active key, and rewraps them', () => {
    const before = ring([['k1', k1]], 'k1');
    const old = before.encrypt('13912345678');
    expect(before.keyIdOf(old)).toBe('k1');

    const during = ring([['k1', k1], ['k2', k2]], 'k2');
    expect(during.decrypt(old)).toBe('13912345678');
    const fresh = during.encrypt('13800001111');
    expect(fresh).toMatch(/^v2:k2:/);
    expect(before.decrypt.bind(before, fresh)).toThrow(/key id k2/);
    const rewrapped = during.rewrap(old);
    expect(during.keyIdOf(rewrapped)).toBe('k2');
    expect(during.rewrap(rewrapped)).toBe(rewrapped);

    const after = ring([['k2', k2]], 'k2');
    expect(after.decrypt(rewrapped)).toBe('13912345678');
    expect(after.decrypt(fresh)).toBe('13800001111');
    expect(() => after.decrypt(old)).toThrow(/key id k1, which this service does not hold/);
  });

  it('reads v1 values (before key ids) with the legacy key and rewraps them', () => {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', keyFromPassphrase('p'.repeat(40)), iv);
    const ct = Buffer.concat([c.update('13912345678', 'utf8'), c.final()]);
    const v1 = ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), ct.toString('base64url')].join(':');
    expect(new RegExp(PROTECTED_VALUE_SQL).test(v1)).toBe(true);
    const sut = ring([[LEGACY_KEY_ID, keyFromPassphrase('p'.repeat(40))], ['k2', k2]], 'k2');
    expect(sut.keyIdOf(v1)).toBe(LEGACY_KEY_ID);
    expect(sut.decrypt(v1)).toBe('13912345678');
    expect(sut.rewrap(v1)).toMatch(/^v2:k2:/);
  });

  it('a key of one service does not open another service\'s values', () => {
    const office = ring([['office-1', k1]], 'office-1');
    const petitions = ring([['office-1', k2]], 'office-1');
    expect(() => petitions.decrypt(office.encrypt('13912345678'))).toThrow();
  });

  it('parses PII_KEYS and names what is wrong, never the key', () => {
    const spec = `k1:${k1.toString('base64')}, k2:${k2.toString('base64url')}`;
    expect([...parsePiiKeys(spec).keys()]).toEqual(['k1', 'k2']);
    expect(parsePiiKeys(spec).get('k2')).toEqual(k2);
    expect(() => parsePiiKeys(`k1:${randomBytes(16).toString('base64')}`)).toThrow(/32 bytes/);
    expect(() => parsePiiKeys(`${k1.toString('base64')}`)).toThrow(/key id/);
    expect(() => parsePiiKeys(`k1:${k1.toString('base64')},k1:${k2.toString('base64')}`)).toThrow(/twice/);
    expect(() => parsePiiKeys(`k1:${Buffer.alloc(32, 7).toString('base64')}`)).toThrow(/not random/);
    expect(() => parsePiiKeys('')).toThrow(/no key/);
    try {
      parsePiiKeys(`k1:${randomBytes(16).toString('base64')}`);
    } catch (e) {
      expect((e as Error).message).not.toContain(k1.toString('base64'));
    }
  });

  it('hash keys with key ids: the legacy key hashes as before (bare hex), new rows under the active key id, lookups find both', () => {
    const legacyOnly = new PiiCipher({ encryption: 'k'.repeat(32), hash: 'h'.repeat(32) });
    const old = legacyOnly.hash('139 1234 5678');
    expect(old).toMatch(/^[0-9a-f]{64}$/);
    expect(legacyOnly.hashes('13912345678')).toEqual([old]);
    expect(legacyOnly.hashKeyIdOf(old)).toBe(LEGACY_KEY_ID);

    const h2 = randomBytes(32);
    const rotated = new PiiCipher({ keys: new Map([['k1', k1]]), activeKeyId: 'k1', hashKeys: new Map([[LEGACY_KEY_ID, legacyHashKey('h'.repeat(32))], ['h2', h2]]), activeHashKeyId: 'h2' });
    const fresh = rotated.hash('13912345678');
    expect(fresh).toMatch(/^h2:[0-9a-f]{64}$/);
    expect(rotated.hashKeyIdOf(fresh)).toBe('h2');
    expect(rotated.hashes('139-1234-5678')).toEqual([fresh, old]); // the active first, then every key still read
    const after = new PiiCipher({ keys: new Map([['k1', k1]]), activeKeyId: 'k1', hashKeys: new Map([['h2', h2]]) });
    expect(after.hashes('13912345678')).toEqual([fresh]);
    expect(() => new PiiCipher({ keys: new Map([['k1', k1]]), activeKeyId: 'k1', hashKeys: new Map([['h2', h2]]), activeHashKeyId: 'h9' })).toThrow(/h9/);
  });
});

