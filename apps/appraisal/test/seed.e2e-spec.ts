import { serviceUnderTest } from '@grid122/testing';
import { dataSourceOptions } from '../src/database/data-source';
import { seedDemo } from '../src/database/seed';

jest.setTimeout(180_000);

describe('appraisal demo seed', () => {
  const svc = serviceUnderTest({ app: 'appraisal', dataSource: dataSourceOptions });

  it('scores twelve months of the demo street with the default plans, idempotently', async () => {
    const { ds } = svc();
    await seedDemo(ds);
    const months = await ds.query(`SELECT count(DISTINCT month)::int AS n FROM appraisal.scores`);
    expect(months[0].n).toBe(12);
    const grids = await ds.query(`SELECT count(*)::int AS n FROM appraisal.scores WHERE subject_kind = 'grid' AND nlevel(grid_path) = 5 GROUP BY month LIMIT 1`);
    expect(grids[0].n).toBe(68);
    const persons = await ds.query(`SELECT person_kind, count(DISTINCT subject)::int AS n FROM appraisal.scores WHERE subject_kind = 'person' GROUP BY 1 ORDER BY 1`);
    expect(persons.find((p: { person_kind: string }) => p.person_kind === 'grid_worker').n).toBe(247);
    const spread = await ds.query(`SELECT min(total)::float AS lo, max(total)::float AS hi, count(DISTINCT tier)::int AS tiers FROM appraisal.scores`);
    expect(spread[0].tiers).toBeGreaterThanOrEqual(3);
    expect(spread[0].hi).toBeLessThanOrEqual(100);
    const plans = await ds.query(`SELECT DISTINCT plan_grade FROM appraisal.scores ORDER BY 1`);
    expect(plans.map((p: { plan_grade: string }) => p.plan_grade)).toEqual(['A', 'B', 'C']);
    const before = await ds.query(`SELECT count(*)::int AS n FROM appraisal.indicator_facts`);
    await seedDemo(ds);
    expect((await ds.query(`SELECT count(*)::int AS n FROM appraisal.indicator_facts`))[0].n).toBe(before[0].n);
  });
});
