import { serviceUnderTest } from '@grid122/testing';
import { dataSourceOptions } from '../src/database/data-source';
import { seedDemo } from '../src/database/seed';

describe('petitions demo seed', () => {
  const svc = serviceUnderTest({ app: 'petitions', dataSource: dataSourceOptions });

  it('fills every register once, with falling petitions and encrypted identities', async () => {
    const { ds } = svc();
    await seedDemo(ds);
    await seedDemo(ds); // idempotent
    const [c] = await ds.query(`SELECT
      (SELECT count(*)::int FROM petitions.petitions) AS petitions,
      (SELECT count(*)::int FROM petitions.disputes) AS disputes,
      (SELECT count(*)::int FROM petitions.special_people) AS special,
      (SELECT count(*)::int FROM petitions.floating_people) AS floating,
      (SELECT count(*)::int FROM petitions.stability_warnings) AS warnings,
      (SELECT count(*)::int FROM petitions.stability_meetings) AS meetings,
      (SELECT count(*)::int FROM petitions.receptions) AS receptions,
      (SELECT count(*)::int FROM petitions.petitions WHERE repeat_of_id IS NOT NULL) AS repeats`);
    expect(c).toMatchObject({ special: 249, floating: 320, warnings: 2, meetings: 12, receptions: 6 });
    expect(c.petitions).toBeGreaterThan(300);
    expect(c.disputes).toBeGreaterThan(140);
    expect(c.repeats).toBeGreaterThan(0);
    const months = await ds.query(`SELECT date_trunc('month', received_at) m, count(*)::int n FROM petitions.petitions GROUP BY 1 ORDER BY 1`);
    expect(months[0].n).toBeGreaterThan(months[months.length - 1].n);
    const [row] = await ds.query(`SELECT petitioner_name FROM petitions.petitions LIMIT 1`);
    expect(row.petitioner_name).toMatch(/^v2:demo-petitions:/); // the petitions' own key, named by its id
  });
});
