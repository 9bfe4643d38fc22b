import { LOG_GENESIS_HASH } from '@grid122/contracts';
import { serviceUnderTest } from '@grid122/testing';
import { dataSourceOptions } from '../src/database/data-source';
import { seedDemo } from '../src/database/seed';
import { findFirstBreak } from '../src/shared/hash-chain';

describe('enforcement demo seed', () => {
  const svc = serviceUnderTest({ app: 'enforcement', dataSource: dataSourceOptions });

  it('seeds cases across all 13 categories, two operations, overdue notices, and sound logs; twice is a no-op', async () => {
    const { ds } = svc();
    await seedDemo(ds);
    await seedDemo(ds);
    const [{ n, cats }] = await ds.query(`SELECT count(*)::int AS n, count(DISTINCT category)::int AS cats FROM enforcement.cases`);
    expect(n).toBe(48);
    expect(cats).toBe(13);
    const ops = await ds.query(`SELECT name FROM enforcement.operations ORDER BY starts_at`);
    expect(ops.map((o: { name: string }) => o.name)).toEqual(['农贸市场食品安全专项整治', '违法建设拆除集中行动']);
    const [{ overdue }] = await ds.query(`SELECT count(*)::int AS overdue FROM enforcement.notices WHERE status = 'open' AND next_reinspection_at < now()`);
    expect(overdue).toBeGreaterThan(0);
    const [{ bound }] = await ds.query(`SELECT count(*)::int AS bound FROM enforcement.competent_departments WHERE department_id IS NULL`);
    expect(bound).toBe(0);
    for (const { id } of await ds.query(`SELECT id FROM enforcement.cases`)) {
      const rows = await ds.query(`SELECT case_id, seq, action, actor_id, actor_name, content, occurred_at, prev_hash, hash FROM enforcement.case_log WHERE case_id = $1 ORDER BY seq`, [id]);
      const entries = rows.map((r: Record<string, never>) => ({ caseId: r.case_id, seq: r.seq, action: r.action, actorId: r.actor_id, actorName: r.actor_name, content: r.content, occurredAt: (r.occurred_at as Date).toISOString(), prevHash: r.prev_hash, hash: r.hash }));
      expect(entries.length).toBeGreaterThan(0);
      expect(findFirstBreak(entries, LOG_GENESIS_HASH)).toBeNull();
    }
  });
});
