import { ERROR_HTTP_STATUS, KEY_AREAS, KeyAreaStats, KeyAreaTrend, ListIncidents, OfficeErrorCode, OpenByGrid } from '@grid122/contracts';
import { QINLING_LEDGER } from '@grid122/demo-street';
import { AppError } from '@grid122/messaging';
import { serviceUnderTest, TEST_STREET as STREET } from '@grid122/testing';
import { AppModule } from '../src/app.module';
import { dataSourceOptions } from '../src/database/data-source';
import { seedDemo } from '../src/database/seed';
import { StatsRepository } from '../src/stats/stats.repository';

jest.setTimeout(120_000);

/** A validation refusal (400) whose message or details name `field`. */
const namesField = (e: AppError, field: string) => {
  expect(ERROR_HTTP_STATUS[e.code as keyof typeof ERROR_HTTP_STATUS]).toBe(400);
  expect(`${e.message} ${JSON.stringify(e.details)}`).toContain(field);
};

/**
 * The dashboard's figures through the office's contracts over the demo seed: they equal the ledger
 * rows, in the Qinling Road shape, from the month/year roll-ups, within the caller's scope. The
 * stats routes' HTTP side is a smoke in the gateway's incidents spec.
 */
describe('office: key-area statistics over the demo ledger', () => {
  const svc = serviceUnderTest({ app: 'office', module: () => AppModule.forRoot(), dataSource: dataSourceOptions, env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });

  beforeAll(async () => {
    await seedDemo(svc().ds);
    await seedDemo(svc().ds); // idempotent
  }, 120_000);

  it('seeds a few thousand incidents across every state, once', async () => {
    const ds = svc().ds;
    const states = await ds.query(`SELECT state, count(*)::int AS n FROM office.incidents GROUP BY state`);
    const total = states.reduce((s: number, r: { n: number }) => s + r.n, 0);
    expect(total).toBe(3200);
    expect(states.map((r: { state: string }) => r.state).sort()).toEqual(
      expect.arrayContaining(['accepted', 'closed', 'dispatched', 'escalated', 'handled', 'registered', 'rejected', 'reported', 'suspended', 'verified']),
    );
    const [h] = await ds.query(`SELECT count(DISTINCT incident_id)::int AS n FROM office.incident_history`);
    expect(h.n).toBe(3200);
    const [d] = await ds.query(`SELECT count(*)::int AS n FROM office.diaries`);
    expect(d.n).toBeGreaterThan(500);
  });

  it('answers per key area found / solved / closure rate equal to the rows, in the Qinling Road proportions', async () => {
    const res = { body: await svc().call(KeyAreaStats, { root: STREET }, 'commander') };
    const ds = svc().ds;
    const rows = await ds.query(
      `SELECT key_area, count(*) FILTER (WHERE state <> 'duplicate')::int AS found, count(*) FILTER (WHERE state = 'closed' AND closure_type = 'fixed')::int AS solved FROM office.incidents GROUP BY key_area`,
    );
    for (const r of rows) {
      const row = res.body.rows.find((x: { keyArea: string }) => x.keyArea === r.key_area);
      expect(row).toMatchObject({ found: r.found, solved: r.solved, closureRate: Math.round((r.solved / r.found) * 10000) / 100 });
    }
    expect(res.body.rows.map((r: { keyArea: string }) => r.keyArea)).toEqual([...KEY_AREAS]);
    expect(res.body.total.found).toBe(rows.reduce((s: number, r: { found: number }) => s + r.found, 0));
    // Shares follow the ledger (illegal business 220 of 796 ≈ 27.6%) within sampling noise.
    const ledgerTotal = Object.values(QINLING_LEDGER).reduce((s, r) => s + r.found, 0);
    const business = res.body.rows.find((x: { keyArea: string }) => x.keyArea === 'illegal_business');
    expect(business!.found / res.body.total.found).toBeCloseTo(QINLING_LEDGER.illegal_business.found / ledgerTotal, 1);
    expect(res.body.total.closureRate).toBeGreaterThan(85);
  });

  it('gives the rates and the resolution-level shares near the 80-85 / 10-15 / <=5 target', async () => {
    const res = { body: await svc().call(KeyAreaStats, {}, 'commander') };
    const { resolutionLevels, rates } = res.body;
    expect(resolutionLevels.community).toBeGreaterThanOrEqual(75);
    expect(resolutionLevels.community).toBeLessThanOrEqual(88);
    expect(resolutionLevels.street).toBeGreaterThanOrEqual(8);
    expect(resolutionLevels.street).toBeLessThanOrEqual(17);
    expect(resolutionLevels.district).toBeLessThanOrEqual(6);
    for (const k of ['closure', 'onTimeClosure', 'rework', 'accurateRegistration'] as const) expect(rates[k]).toEqual(expect.any(Number));
    expect(rates.rework).toBeGreaterThan(0);
    expect(rates.accurateRegistration).toBeGreaterThan(95);
  });

  it('narrows by period and root, and never beyond the caller scope', async () => {
    const all = await svc().call(KeyAreaStats, {}, 'commander');
    const c01 = await svc().call(KeyAreaStats, { root: `${STREET}.c01` }, 'commander');
    expect(c01.total.found).toBeGreaterThan(0);
    expect(c01.total.found).toBeLessThan(all.total.found);
    const from = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
    const recent = await svc().call(KeyAreaStats, { from }, 'commander');
    expect(recent.total.found).toBeLessThan(all.total.found);
    const other = await svc().refusal(KeyAreaStats, { root: STREET }, 'other-commander');
    expect(other.code).toBe(OfficeErrorCode.OutOfScope);
  });

  it('reads the city, the district and the street from the month/year roll-ups, equal to the rows for any period', async () => {
    const ds = svc().ds;
    expect(await new StatsRepository(ds).rollupDrift()).toEqual([]);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM office.stats_rollup WHERE period = 'year'`);
    expect(n).toBeGreaterThan(0);
    const [span] = await ds.query(`SELECT to_char(min(stats_day), 'YYYY-MM-DD') AS lo, to_char(max(stats_day), 'YYYY-MM-DD') AS hi FROM office.incidents`);
    const shift = (d: string, days: number) => new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    // All time; whole months; edge days on both sides spanning a year's end; one month's middle.
    const periods: [string | undefined, string | undefined][] = [
      [undefined, undefined],
      [shift(span.lo, 17), undefined],
      [undefined, shift(span.hi, -23)],
      [shift(span.lo, 40), shift(span.hi, -40)],
      [`${span.hi.slice(0, 7)}-01`, span.hi],
      [shift(span.hi, -9), shift(span.hi, -3)],
    ];
    for (const root of ['nj', 'nj.gulou', STREET, `${STREET}.c01`]) {
      for (const [from, to] of periods) {
        const res = { body: await svc().call(KeyAreaStats, { root, from, to }, 'admin') };
        const [want] = await ds.query(
          `SELECT count(*) FILTER (WHERE state <> 'duplicate')::int AS found, count(*) FILTER (WHERE state = 'closed' AND closure_type = 'fixed')::int AS solved,
                  count(*) FILTER (WHERE registered_at IS NOT NULL)::int AS registered
           FROM office.incidents WHERE grid_path <@ $1::ltree AND ($2::date IS NULL OR stats_day >= $2::date) AND ($3::date IS NULL OR stats_day <= $3::date)`,
          [root, from ?? null, to ?? null],
        );
        expect({ root, from, to, found: res.body.total.found, solved: res.body.total.solved, registered: res.body.counts.registered }).toEqual({ root, from, to, ...want });
      }
    }
  });

  it('counts counters on a district or the city node itself once at every level (no depth shares a roll-up key)', async () => {
    const ds = svc().ds;
    const stats = new StatsRepository(ds);
    const sum = async (root: string) => (await stats.sumByKeyArea(root, null, null)).reduce((s, r) => s + r.found, 0);
    const before = { city: await sum('nj'), district: await sum('nj.gulou'), street: await sum(STREET) };
    const qr = ds.createQueryRunner();
    await qr.startTransaction();
    try {
      // The trigger keeps the roll-ups for rows the transitions bump (here straight on the district and the city).
      await stats.bump(qr.manager, { day: '2025-03-14', gridPath: 'nj.gulou', keyArea: KEY_AREAS[0] }, { found: 3 });
      await stats.bump(qr.manager, { day: '2025-03-14', gridPath: 'nj', keyArea: KEY_AREAS[0] }, { found: 5 });
      expect(await stats.rollupDrift(qr.manager)).toEqual([]);
      const inTx = async (root: string) => {
        const q = stats.sumByKeyAreaSql(root, null, null)!;
        return (await qr.manager.query(q.sql, q.params)).reduce((s: number, r: { found: string }) => s + Number(r.found), 0);
      };
      expect({ city: await inTx('nj'), district: await inTx('nj.gulou'), street: await inTx(STREET) }).toEqual({
        city: before.city + 8,
        district: before.district + 3,
        street: before.street,
      });
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
    }
    expect(await sum('nj')).toBe(before.city);
  });

  it('gives 发现 per street day and key area for the wall\'s trend, equal to the rows, for a street and its district', async () => {
    const ds = svc().ds;
    const [{ hi }] = await ds.query(`SELECT to_char(max(stats_day), 'YYYY-MM-DD') AS hi FROM office.incidents`);
    const lo = new Date(Date.parse(`${hi}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
    const rows: { day: string; key_area: string; n: number }[] = await ds.query(
      `SELECT to_char(stats_day, 'YYYY-MM-DD') AS day, key_area, count(*) FILTER (WHERE state <> 'duplicate')::int AS n
       FROM office.incidents WHERE stats_day BETWEEN $1::date AND $2::date GROUP BY 1, 2`,
      [lo, hi],
    );
    expect(rows.reduce((s, r) => s + r.n, 0)).toBeGreaterThan(0);
    for (const [who, root] of [['commander', STREET], ['district', 'nj.gulou']] as const) {
      const res = { body: await svc().call(KeyAreaTrend, { from: lo, to: hi }, who) };
      expect(res.body.root).toBe(root);
      expect(res.body.days).toHaveLength(30);
      expect(res.body.series.map((s: { keyArea: string }) => s.keyArea)).toEqual([...KEY_AREAS]);
      for (const r of rows) {
        const s = res.body.series.find((x: { keyArea: string }) => x.keyArea === r.key_area);
        expect(s!.found[res.body.days.indexOf(r.day)]).toBe(r.n);
      }
      expect(res.body.total.reduce((a: number, b: number) => a + b, 0)).toBe(rows.reduce((a, r) => a + r.n, 0));
    }
    namesField(await svc().refusal(KeyAreaTrend, { from: '2026-01-01', to: '2026-06-01' }, 'commander'), 'to');
    namesField(await svc().refusal(KeyAreaTrend, { from: '2026-12', to: '2026-12-05' }, 'commander'), 'from');
  });

  it('counts open problems now per grid of a level with their red and yellow lights, equal to the rows', async () => {
    const ds = svc().ds;
    const rows: { path: string; open: number; overdue: number }[] = await ds.query(
      `SELECT subpath(grid_path, 0, 5)::text AS path, count(*)::int AS open, count(*) FILTER (WHERE deadline < now())::int AS overdue
       FROM office.incidents WHERE state IN ('reported', 'registered', 'dispatched', 'accepted', 'in_progress') AND nlevel(grid_path) >= 5 GROUP BY 1`,
    );
    expect(rows.length).toBeGreaterThan(1);
    const res = { body: await svc().call(OpenByGrid, { level: 'compound' }, 'commander') };
    expect(res.body.root).toBe(STREET);
    const got = new Map(res.body.items.map((i: { path: string; open: number; overdue: number }) => [i.path, i]));
    for (const r of rows) expect(got.get(r.path)).toMatchObject({ open: r.open, overdue: r.overdue });
    expect(res.body.items).toHaveLength(rows.length);
    const streets = await svc().call(OpenByGrid, { level: 'street' }, 'district');
    expect(streets.items).toEqual([expect.objectContaining({ path: STREET, open: rows.reduce((s, r) => s + r.open, 0) })]);
    expect(await svc().invalidField(OpenByGrid, { level: 'house' }, 'commander')).toBe('level');
    const other = await svc().refusal(OpenByGrid, { root: STREET }, 'other-commander');
    expect(ERROR_HTTP_STATUS[other.code as keyof typeof ERROR_HTTP_STATUS]).toBe(403);
  });

  it('lists overdue incidents for the commander from the seed', async () => {
    const res = await svc().call(ListIncidents, { overdue: true, limit: 20 }, 'commander');
    expect(res.items.length).toBeGreaterThan(0);
    for (const i of res.items) expect(i.clock?.overdue).toBe(true);
  });
});
