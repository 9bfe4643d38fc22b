import { maskContactsInText, maskIdNumber, maskName, maskPhone, PiiCipher } from './pii';

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
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => sut.decrypt(parts.join(':'))).toThrow();
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
