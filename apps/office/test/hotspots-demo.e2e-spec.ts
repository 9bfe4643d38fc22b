import { AdoptTheme, AnalyseHotspots, RecurrenceSummary, ThemeCandidates } from '@grid122/contracts';
import { serviceUnderTest, TEST_STREET as STREET } from '@grid122/testing';
import { seedDemo as seedOffice } from '../src/database/seed';
import { officeBesideRegistry } from './support/office-beside-registry';

jest.setTimeout(120_000);

/**
 * The demo street's own history shows recurring places, a seasonal rise and real themes (issue 26),
 * through the office's contracts, with the real registry beside it on the demo street (the places'
 * names and neighbours).
 */
describe('office: the demo street’s hotspots and themes', () => {
  const svc = serviceUnderTest(officeBesideRegistry());
  const lastMonth = () => {
    const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).split('-').map(Number);
    return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  };

  beforeAll(async () => {
    await seedOffice(svc().ds);
  }, 180_000);

  it('links the seeded recurrences exactly as a brute-force reference does', async () => {
    const ds = svc().ds;
    // Reference: for each report, the latest problem of its category closed (not as "not ours")
    // within 50 m and 365 days before it — computed pair by pair.
    const pairs: { id: string; pred: string }[] = await ds.query(
      `SELECT DISTINCT ON (n.id) n.id, o.id AS pred
       FROM office.incidents n JOIN office.incidents o ON o.category = n.category
       WHERE n.state <> 'duplicate' AND n.location IS NOT NULL AND o.state = 'closed' AND o.closure_type <> 'not_responsible'
         AND o.closed_at < n.reported_at AND o.closed_at >= n.reported_at - interval '365 days' AND ST_Distance(o.location, n.location) <= 50
       ORDER BY n.id, o.closed_at DESC`,
    );
    const preds = new Map(pairs.map((p) => [p.id, p.pred]));
    const want: { id: string; pred: string | null }[] = (await ds.query(`SELECT id FROM office.incidents WHERE state <> 'duplicate' AND location IS NOT NULL`)).map(
      (r: { id: string }) => ({ id: r.id, pred: preds.get(r.id) ?? null }),
    );
    const got = new Map<string, string | null>((await ds.query(`SELECT id, recurrence_of FROM office.incidents`)).map((r: { id: string; recurrence_of: string | null }) => [r.id, r.recurrence_of]));
    for (const w of want) expect(got.get(w.id) ?? null).toBe(w.pred);
    expect(want.filter((w) => w.pred).length).toBeGreaterThan(20);
    const res = await svc().call(RecurrenceSummary, { root: STREET, level: 'building_cluster' }, 'commander');
    expect(res.total.recurring).toBe(want.filter((w) => w.pred).length);
    expect(res.total.quickRecurrenceRate).toBeGreaterThan(0);
    expect(res.rows[0].recurring).toBeGreaterThanOrEqual(5); // a planted spot leads
  });

  it('proposes recurring and rising themes from the seeded history, and the commander adopts one', async () => {
    const res = await svc().call(ThemeCandidates, { root: STREET, month: lastMonth() }, 'commander');
    expect(res.candidates.length).toBeGreaterThanOrEqual(3);
    expect(res.candidates.some((c) => c.reasons.includes('recurring'))).toBe(true);
    const top = res.candidates[0];
    expect(top.evidence.topPlaces[0].name).toMatch(/\S/);
    expect(top.evidence.workingHours).toBeGreaterThan(0);
    const adopted = await svc().call(
      AdoptTheme,
      { category: top.category, title: `${top.categoryName}专项治理`, ownerName: '李主任', units: ['enforcement'], departments: [], targetReductionPct: 30, deadline: '2099-12-31' },
      'commander',
    );
    expect(adopted.effect.basis).toBe('preceding_period');
    expect(adopted.places.length).toBeGreaterThan(0);
  });

  it('shows the seasonal rise of mobile vendors in the first community: its count trend up, its compounds hot spots', async () => {
    const q = (level: string) => svc().call(AnalyseHotspots, { root: STREET, level, category: 'mobile_vendor', period: 'week', periods: 12 }, 'commander');
    const communities = await q('community');
    const first = communities.places.find((p) => p.path.endsWith('.c01'))!;
    expect(first.countTrend.trend).toBe('up');
    expect(first.total).toBeGreaterThan(3 * Math.max(...communities.places.filter((p) => p !== first).map((p) => p.total)));
    // Gi* needs neighbours that share the rise: at the compound level the rise's compounds cluster.
    const compounds = await q('compound');
    const hot = compounds.places.filter((p) => p.kind === 'hot' && p.bins[p.bins.length - 1] === 1);
    expect(hot.length).toBeGreaterThan(0);
    // (a compound across the border shares the rise through its neighbours: most, not all, are in c01)
    const inside = hot.filter((p) => p.path.startsWith(`${first.path}.`));
    expect(inside.length).toBeGreaterThanOrEqual(hot.length / 2);
  });
});
