import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { keyFromPassphrase, LEGACY_KEY_ID, legacyHashKey, PiiCipher } from '@grid122/privacy';
import { TestEnv } from '@grid122/testing';
import { encryptPlainValues, reencryptProtectedValues, rehashBlindIndexes } from '../src';

/**
 * PII key rotation without a stop, against a real Postgres: values under the old key (and `v1:`
 * values from before key ids) are rewritten under the active key, column by column, found by their
 * format; a value under a key the service no longer holds is counted and left; an append-only table
 * is not forced; the old key can then be dropped and every row still reads.
 */
describe('reencrypt-pii', () => {
  let env: TestEnv;
  let ds: DataSource;
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  const ring = (keys: [string, Buffer][], activeKeyId: string) => new PiiCipher({ keys: new Map(keys), activeKeyId, hash: 'h'.repeat(40) });
  const before = ring([['k1', k1]], 'k1');
  const during = ring([['k1', k1], ['k2', k2]], 'k2');
  const after = ring([['k2', k2]], 'k2');

  beforeAll(async () => {
    env = await TestEnv.start();
    ds = await new DataSource({ type: 'postgres', url: env.databaseUrl }).initialize();
    await ds.query(`CREATE SCHEMA svc`);
    await ds.query(`CREATE TABLE svc.people (id int PRIMARY KEY, phone_enc text, name text, note text)`);
    await ds.query(`CREATE TABLE svc.log (id int PRIMARY KEY, phone_enc text)`);
    await ds.query(`CREATE FUNCTION svc.no_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'append-only'; END $$`);
    await ds.query(`CREATE TRIGGER log_append_only BEFORE UPDATE ON svc.log FOR EACH ROW EXECUTE FUNCTION svc.no_update()`);
  }, 120_000);
  afterAll(async () => {
    await ds?.destroy();
    await env?.stop();
  });

  it('rewraps every old value under the active key while new writes already use it; the old key can then go', async () => {
    const legacyV1 = new PiiCipher({ encryption: 'p'.repeat(40), hash: 'h'.repeat(40) });
    const v1 = legacyV1.encrypt('13700000003').replace(/^v2:legacy:/, 'v1:'); // as written before key ids
    for (let i = 1; i <= 1200; i++) {
      await ds.query(`INSERT INTO svc.people VALUES ($1, $2, $3, $4)`, [i, before.encrypt(`1390000${String(i).padStart(4, '0')}`), before.encrypt(`张${i}`), 'v1:not:a-protected-value']);
    }
    await ds.query(`INSERT INTO svc.people VALUES (2001, $1, NULL, NULL), (2002, $2, NULL, NULL), (2003, $3, NULL, NULL)`, [
      during.encrypt('13800000001'), // written after the rotation began: already under k2
      ring([['k0', randomBytes(32)]], 'k0').encrypt('13800000002'), // a key this service does not hold
      v1,
    ]);
    await ds.query(`INSERT INTO svc.log VALUES (1, $1)`, [before.encrypt('13900000000')]);

    const withLegacy = new PiiCipher({ keys: new Map([['k1', k1], ['k2', k2], ['legacy', keyFromPassphrase('p'.repeat(40))]]), activeKeyId: 'k2', hash: 'h'.repeat(40) });
    const result = await reencryptProtectedValues(ds, 'svc', withLegacy, 500);
    expect(result).toEqual(
      expect.arrayContaining([
        { table: 'people', column: 'phone_enc', rewrapped: 1201, unreadable: 1 },
        { table: 'people', column: 'name', rewrapped: 1200, unreadable: 0 },
        { table: 'log', column: 'phone_enc', rewrapped: 0, unreadable: 1 },
      ]),
    );
    expect(result.find((r) => r.column === 'note')).toBeUndefined();

    const rows: { id: number; phone_enc: string; name: string | null; note: string | null }[] = await ds.query(`SELECT id, phone_enc, name, note FROM svc.people ORDER BY id`);
    for (const r of rows.filter((x) => x.id <= 1200)) {
      expect(r.phone_enc).toMatch(/^v2:k2:/);
      expect(after.decrypt(r.phone_enc)).toBe(`1390000${String(r.id).padStart(4, '0')}`);
      expect(after.decrypt(r.name!)).toBe(`张${r.id}`);
      expect(r.note).toBe('v1:not:a-protected-value');
    }
    expect(after.decrypt(rows.find((r) => r.id === 2001)!.phone_enc)).toBe('13800000001');
    expect(after.decrypt(rows.find((r) => r.id === 2003)!.phone_enc)).toBe('13700000003');
    expect(rows.find((r) => r.id === 2002)!.phone_enc).toMatch(/^v2:k0:/); // left as it was
    expect((await ds.query(`SELECT phone_enc FROM svc.log`))[0].phone_enc).toMatch(/^v2:k1:/); // not forced

    // A second run has nothing left to do but the unreadable ones.
    expect(await reencryptProtectedValues(ds, 'svc', withLegacy)).toEqual([
      { table: 'log', column: 'phone_enc', rewrapped: 0, unreadable: 1 },
      { table: 'people', column: 'phone_enc', rewrapped: 0, unreadable: 1 },
    ]);
  });

  it('re-hashes the blind indexes under the active hash key; lookups find every row before, during and after; a hash that is not the row\'s is left', async () => {
    await ds.query(`CREATE TABLE svc.parties (id int PRIMARY KEY, id_number text, phone text, person_hash text)`);
    const h2 = randomBytes(32);
    const old = ring([['k1', k1]], 'k1'); // hash: PII_HASH_KEY's, no key id
    const person = ([idNumber, phone]: (string | null)[]) => (idNumber ? `id:${idNumber}` : phone ? `ph:${phone}` : null);
    for (let i = 1; i <= 700; i++) {
      const idNumber = i % 2 ? `32010619800101${String(i).padStart(4, '0')}` : null;
      const phone = `1370000${String(i).padStart(4, '0')}`;
      await ds.query(`INSERT INTO svc.parties VALUES ($1, $2, $3, $4)`, [i, idNumber && old.encrypt(idNumber), old.encrypt(phone), old.hash(person([idNumber, phone])!)]);
    }
    await ds.query(`INSERT INTO svc.parties VALUES (701, $1, NULL, $2)`, [old.encrypt('320106198001019999'), old.hash('id:320106198001010000')]); // not the row's
    const rotated = new PiiCipher({ keys: new Map([['k1', k1]]), activeKeyId: 'k1', hashKeys: new Map([[LEGACY_KEY_ID, legacyHashKey('h'.repeat(40))], ['h2', h2]]), activeHashKeyId: 'h2' });
    const find = async (c: PiiCipher, v: string) => (await ds.query(`SELECT id FROM svc.parties WHERE person_hash = ANY($1::text[])`, [c.hashes(v)])).map((r: { id: number }) => r.id);
    expect(await find(rotated, 'id:320106198001010001')).toEqual([1]); // during: found under the old key

    const columns = [{ table: 'parties', column: 'person_hash', from: ['id_number', 'phone'], value: person }];
    expect(await rehashBlindIndexes(ds, 'svc', rotated, columns, 200)).toEqual([{ table: 'parties', column: 'person_hash', rewrapped: 0, unreadable: 1, rehashed: 700 }]);
    expect((await ds.query(`SELECT count(*)::int AS n FROM svc.parties WHERE person_hash LIKE 'h2:%'`))[0].n).toBe(700);
    expect(await rehashBlindIndexes(ds, 'svc', rotated, columns)).toEqual([{ table: 'parties', column: 'person_hash', rewrapped: 0, unreadable: 1, rehashed: 0 }]);

    const after = new PiiCipher({ keys: new Map([['k1', k1]]), activeKeyId: 'k1', hashKeys: new Map([['h2', h2]]) }); // the legacy hash key dropped
    expect(await find(after, 'id:320106198001010001')).toEqual([1]);
    expect(await find(after, 'ph:13700000002')).toEqual([2]);
  });

  it('encrypts values written in clear before a column was protected, once (safe to run again); protected ones are untouched', async () => {
    await ds.query(`CREATE TABLE svc.reports (id int PRIMARY KEY, reporter_name text)`);
    const c = ring([['k2', k2]], 'k2');
    const protectedName = c.encrypt('赵六');
    await ds.query(`INSERT INTO svc.reports VALUES (1, '张三'), (2, $1), (3, NULL), (4, '历史导入')`, [protectedName]);
    expect(await encryptPlainValues(ds, 'svc', 'reports', 'reporter_name', c)).toEqual({ table: 'reports', column: 'reporter_name', rewrapped: 0, unreadable: 0, encrypted: 2 });
    const rows: { id: number; reporter_name: string | null }[] = await ds.query(`SELECT id, reporter_name FROM svc.reports ORDER BY id`);
    expect(rows.map((r) => r.reporter_name && c.open(r.reporter_name))).toEqual(['张三', '赵六', null, '历史导入']);
    expect(rows[0].reporter_name).toMatch(/^v2:k2:/);
    expect(rows[1].reporter_name).toBe(protectedName);
    expect((await encryptPlainValues(ds, 'svc', 'reports', 'reporter_name', c)).encrypted).toBe(0);
  });
});

