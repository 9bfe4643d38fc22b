import { Client } from 'pg';
import { TestEnv } from '@grid122/testing';
import { dataSourceOptions as officeDs } from '../src/database/data-source';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** The Unix milliseconds a version-7 UUID carries in its first 48 bits. */
const msOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

/**
 * Incident ids are time-ordered (UUID version 7): new rows land at the right-hand edge of the
 * primary key and the history's key, not on random pages of a multi-GB index (docs/performance.md).
 */
describe('incident ids (time-ordered UUIDs, migration IncidentTimeOrderedIds)', () => {
  let env: TestEnv;
  let db: Client;
  const insert = async (code: string): Promise<string> => {
    const { rows } = await db.query(
      `INSERT INTO office.incidents (code, title, key_area, category, state, source, grid_path, stats_day, reported_at)
       VALUES ($1, '占道经营', 'illegal_business', 'street_occupation', 'reported', 'grid_patrol', 'nj.gulou.btq.c01', current_date, now())
       RETURNING id`,
      [code],
    );
    return rows[0].id;
  };

  beforeAll(async () => {
    env = await TestEnv.start();
    await env.migrate(officeDs());
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
  }, 120_000);
  afterAll(async () => {
    await db?.end();
    await env?.stop();
  });

  it('mints version-7 UUIDs carrying the clock, increasing from one millisecond to the next', async () => {
    const before = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(await insert(`BTQ-ID-${i}`));
      await new Promise((r) => setTimeout(r, 3));
    }
    const after = Date.now();
    for (const id of ids) {
      expect(id).toMatch(V7);
      expect(msOf(id)).toBeGreaterThanOrEqual(before - 1000); // the database's clock, not the test's
      expect(msOf(id)).toBeLessThanOrEqual(after + 1000);
    }
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps the random part random within one millisecond', async () => {
    const { rows } = await db.query(`SELECT office.uuid_v7()::text AS id FROM generate_series(1, 1000)`);
    const ids = rows.map((r: { id: string }) => r.id);
    expect(new Set(ids).size).toBe(1000);
    expect(ids.every((id: string) => V7.test(id))).toBe(true);
  });
});
