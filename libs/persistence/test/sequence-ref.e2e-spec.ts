import { DataSource } from 'typeorm';
import { TestEnv } from '@grid122/testing';
import { sequenceRef } from '../src';

/** sequenceRef evaluated by a real Postgres: the street's year or month, the padding, and a number longer than its digits. */
describe('sequenceRef in Postgres', () => {
  let env: TestEnv;
  let ds: DataSource;
  const ref = async (expr: string, params: unknown[] = []): Promise<string> => (await ds.query(`SELECT ${expr} AS ref`, params))[0].ref;

  beforeAll(async () => {
    env = await TestEnv.start();
    ds = await new DataSource({ type: 'postgres', url: env.databaseUrl }).initialize();
    await ds.query(`CREATE SCHEMA IF NOT EXISTS refs`);
    await ds.query(`DROP SEQUENCE IF EXISTS refs.a_seq, refs.b_seq`);
    await ds.query(`CREATE SEQUENCE refs.a_seq`);
    await ds.query(`CREATE SEQUENCE refs.b_seq START 9998`);
  }, 120_000);
  afterAll(async () => {
    await ds?.query(`DROP SCHEMA IF EXISTS refs CASCADE`);
    await ds?.destroy();
    await env?.stop();
  });

  it("numbers under the street's year of the instant given, not UTC's", async () => {
    // 2026-12-31T16:30Z is 00:30 on 1 January 2027 in the street (Asia/Shanghai).
    expect(await ref(sequenceRef('XF', 'refs.a_seq', 6, { separator: '', at: '$1::timestamptz' }), ['2026-12-31T16:30:00Z'])).toBe('XF2027000001');
    expect(await ref(sequenceRef('XF', 'refs.a_seq', 6, { separator: '', at: '$1::timestamptz' }), ['2027-12-31T15:59:00Z'])).toBe('XF2027000002');
    expect(await ref(sequenceRef('DN-', 'refs.a_seq', 5, { format: 'YYYYMM', at: '$1::timestamptz' }), ['2026-11-30T16:00:00Z'])).toBe('DN-202612-00003');
  });

  it('pads to the digits and never cuts a longer number (lpad alone would repeat references)', async () => {
    const e = sequenceRef('YJ', 'refs.b_seq', 4, { separator: '', at: '$1::timestamptz' });
    const at = ['2026-06-01T04:00:00Z'];
    expect([await ref(e, at), await ref(e, at), await ref(e, at)]).toEqual(['YJ20269998', 'YJ20269999', 'YJ202610000']);
  });
});
