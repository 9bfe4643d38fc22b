import { serviceUnderTest } from '@grid122/testing';
import { dataSourceOptions } from '../src/database/data-source';
import { seedDemo } from '../src/database/seed';

describe('social-services demo seed', () => {
  const svc = serviceUnderTest({ app: 'social-services', dataSource: dataSourceOptions });

  it('seeds a street that looks real, once, with its books adding up', async () => {
    const { ds } = svc();
    await seedDemo(ds);
    await seedDemo(ds); // idempotent
    const one = async (sql: string) => (await ds.query(sql))[0];
    expect((await one(`SELECT count(*)::int AS n FROM social.care_recipients`)).n).toBe(320);
    expect(await one(`SELECT count(*)::int AS n, count(*) FILTER (WHERE special)::int AS special FROM social.volunteer_teams`)).toEqual({ n: 13, special: 4 });
    expect((await one(`SELECT count(*)::int AS n FROM social.volunteers`)).n).toBeGreaterThan(20);
    // points and stock invariants hold on the seeded books
    expect((await one(`SELECT count(*)::int AS n FROM social.volunteers v WHERE points_balance <> COALESCE((SELECT sum(delta) FROM social.points_ledger l WHERE l.volunteer_id = v.id), 0)`)).n).toBe(0);
    expect((await one(`SELECT count(*)::int AS n FROM social.resident_holders`)).n).toBe(12);
    expect((await one(`SELECT count(*)::int AS n FROM social.resident_holders r WHERE points_balance <> COALESCE((SELECT sum(delta) FROM social.points_ledger l WHERE l.resident_id = r.id), 0) OR points_balance = 0`)).n).toBe(0);
    expect((await one(`SELECT count(*)::int AS n FROM social.points_ledger WHERE resident_id IS NOT NULL AND created_at > now()`)).n).toBe(0);
    expect((await one(`SELECT count(*)::int AS n FROM social.supermarket_items i WHERE stock <> COALESCE((SELECT sum(delta) FROM social.stock_movements m WHERE m.item_id = i.id), 0)`)).n).toBe(0);
    expect((await one(`SELECT count(*)::int AS n FROM social.care_recipients r WHERE voucher_balance_cents <> COALESCE((SELECT sum(CASE entry WHEN 'issue' THEN amount_cents ELSE -amount_cents END) FROM social.voucher_ledger l WHERE l.recipient_id = r.id), 0)`)).n).toBe(0);
    // most building clusters covered by the circle, a few with gaps
    const gaps = await one(`
      SELECT count(*)::int AS grids, count(*) FILTER (WHERE n < 10)::int AS with_gaps FROM (
        SELECT g.id, count(DISTINCT p.type) AS n FROM social.grids g
          LEFT JOIN social.service_points p ON ST_DWithin(p.location, g.centroid, 1080)
         WHERE g.level = 'building_cluster' GROUP BY g.id) x`);
    expect(gaps.grids).toBe(247);
    expect(gaps.with_gaps).toBeGreaterThan(0);
    expect(gaps.with_gaps).toBeLessThan(gaps.grids / 2);
    const visits = await one(`SELECT sum(households)::int AS h, (SELECT count(DISTINCT household_ref)::int FROM social.visits) AS v FROM social.grids WHERE level = 'building_cluster'`);
    expect(visits.v / visits.h).toBeGreaterThan(0.95);
  });
});
