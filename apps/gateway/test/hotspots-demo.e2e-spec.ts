import { seedDemo as seedRegistry } from '../../grid-registry/src/database/seed';
import { seedDemo as seedOffice } from '../../office/src/database/seed';
import { startSuite, STREET, Suite } from './support/suite';

/** The demo street's own history shows recurring places, a seasonal rise and real themes (issue 26). */
describe('office: the demo street’s hotspots and themes', () => {
  let suite: Suite;
  const auth = async (who: string) => ({ authorization: `Bearer ${await suite.token(who)}` });
  const lastMonth = () => {
    const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()).split('-').map(Number);
    return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  };

  beforeAll(async () => {
    suite = await startSuite({ services: ['grid-registry', 'office'], env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
    await seedRegistry(await suite.dataSource('grid-registry'));
    await seedOffice(await suite.dataSource('office'));
  }, 180_000);
  afterAll(() => suite?.stop());

  it('links the seeded recurrences exactly as a brute-force reference does', async () => {
    const ds = await suite.dataSource('office');
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
    const res = await suite.http().get(`/api/v1/recurrence?root=${STREET}&level=building_cluster`).set(await auth('commander')).expect(200);
    expect(res.body.total.recurring).toBe(want.filter((w) => w.pred).length);
    expect(res.body.total.quickRecurrenceRate).toBeGreaterThan(0);
    expect(res.body.rows[0].recurring).toBeGreaterThanOrEqual(5); // a planted spot leads
  });

  it('proposes recurring and rising themes from the seeded history, and the commander adopts one', async () => {
    const res = await suite.http().get(`/api/v1/themes/candidates?root=${STREET}&month=${lastMonth()}`).set(await auth('commander')).expect(200);
    expect(res.body.candidates.length).toBeGreaterThanOrEqual(3);
    expect(res.body.candidates.some((c: { reasons: string[] }) => c.reasons.includes('recurring'))).toBe(true);
    const top = res.body.candidates[0];
    expect(top.evidence.topPlaces[0].name).toMatch(/\S/);
    expect(top.evidence.workingHours).toBeGreaterThan(0);
    const adopted = await suite
      .http()
      .post('/api/v1/themes')
      .set(await auth('commander'))
      .send({ category: top.category, title: `${top.categoryName}专项治理`, ownerName: '李主任', units: ['enforcement'], departments: [], targetReductionPct: 30, deadline: '2099-12-31' })
      .expect(201);
    expect(adopted.body.effect.basis).toBe('preceding_period');
    expect(adopted.body.places.length).toBeGreaterThan(0);
  });

  it('shows the seasonal rise of mobile vendors in the first community: its count trend up, its compounds hot spots', async () => {
    const q = (level: string) => `/api/v1/hotspots?root=${STREET}&level=${level}&category=mobile_vendor&period=week&periods=12`;
    const communities = (await suite.http().get(q('community')).set(await auth('commander')).expect(200)).body;
    const first = communities.places.find((p: { path: string }) => p.path.endsWith('.c01'));
    expect(first.countTrend.trend).toBe('up');
    expect(first.total).toBeGreaterThan(3 * Math.max(...communities.places.filter((p: { path: string }) => p !== first).map((p: { total: number }) => p.total)));
    // Gi* needs neighbours that share the rise: at the compound level the rise's compounds cluster.
    const compounds = (await suite.http().get(q('compound')).set(await auth('commander')).expect(200)).body;
    const hot = compounds.places.filter((p: { kind: string; bins: number[] }) => p.kind === 'hot' && p.bins[p.bins.length - 1] === 1);
    expect(hot.length).toBeGreaterThan(0);
    // (a compound across the border shares the rise through its neighbours: most, not all, are in c01)
    const inside = hot.filter((p: { path: string }) => p.path.startsWith(`${first.path}.`));
    expect(inside.length).toBeGreaterThanOrEqual(hot.length / 2);
  });
});
