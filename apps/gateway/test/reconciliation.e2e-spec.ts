// The process clock runs in UTC, as on most servers: the street's days and months must not follow it.
process.env.TZ = 'UTC';

import fc from 'fast-check';
import { addDays, monthDays, streetCalendar } from '@grid122/calendar';
import { startSuite, STREET, Suite } from './support/suite';

/**
 * The reconciliation property (issue 19, docs/metrics.md): random life stories of a street's
 * problems — reports around midnight and month ends in Beijing time, duplicates, rejections,
 * dispatch, handling, rework, reopening, escalation and every closure type — and then, for every
 * scope (grid, community, street) and every period touched (each street day and month), the ledger
 * equals a recount from the rows, the monthly notice's totals, the XLSX export's rows and, for the
 * current month, the hub's office panel. Few runs of a few dozen stories: tens of seconds on 2 cores.
 */
jest.setTimeout(300_000);

const GRIDS = [`${STREET}.c01.g2_01.g3_01`, `${STREET}.c01.g2_01.g3_02`, `${STREET}.c02.g2_01.g3_01`];
const SCOPES = [STREET, `${STREET}.c02`, GRIDS[0]];
const CATEGORIES = [
  { keyArea: 'production_safety', category: 'ebike_illegal_charging' },
  { keyArea: 'illegal_business', category: 'mobile_vendor' },
  { keyArea: 'illegal_construction', category: 'unauthorised_shed' },
];
const ENDINGS = ['reported', 'rejected', 'registered', 'dispatched', 'handled', 'fixed', 'not_fixed', 'not_ours', 'rework_fixed', 'reopened_fixed', 'reopened_not_ours', 'escalated_fixed'] as const;
type Ending = (typeof ENDINGS)[number];

interface Story {
  /** Street days before today. */
  daysAgo: number;
  /** Minutes after the street's midnight: around midnight, or any time. */
  minute: number;
  grid: number;
  kind: number;
  ending: Ending;
  /** Report it again at the same place ("me too") while the original is open. */
  metoo: boolean;
}

const story: fc.Arbitrary<Story> = fc.record({
  // today, the last days, and around the previous month's end
  daysAgo: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 25, max: 40 })),
  minute: fc.oneof(fc.constantFrom(0, 1, 5, 1435, 1439), fc.integer({ min: 0, max: 1439 })),
  grid: fc.integer({ min: 0, max: GRIDS.length - 1 }),
  kind: fc.integer({ min: 0, max: CATEGORIES.length - 1 }),
  ending: fc.constantFrom(...ENDINGS),
  metoo: fc.boolean(),
});

describe('reconciliation: ledger = recount = notice = XLSX = hub, for every scope and period', () => {
  let suite: Suite;
  const cal = streetCalendar();
  const auth = async (who: string) => ({ authorization: `Bearer ${await suite.token(who)}` });
  const act = async (id: string, action: string, who: string, body: Record<string, unknown> = {}) => {
    const res = await suite.http().post(`/api/v1/incidents/${id}/${action}`).set(await auth(who)).send(body);
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const touchedDays = new Set<string>();
  let seq = 0;

  beforeAll(async () => {
    suite = await startSuite({ services: ['office', 'appraisal'], env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
  }, 120_000);
  afterAll(() => suite?.stop());

  async function live(s: Story): Promise<void> {
    const today = cal.today();
    const day = addDays(today, -s.daysAgo);
    const at = Math.min(cal.dayStart(day).getTime() + s.minute * 60_000 + 7_000, Date.now() - 60_000);
    const reportedAt = new Date(at);
    touchedDays.add(cal.day(reportedAt));
    seq += 1;
    const { keyArea, category } = CATEGORIES[s.kind];
    const location = { lng: 118.70 + seq * 0.001, lat: 32.05 + s.grid * 0.01 };
    const body = { source: 'grid_patrol', title: `故事 ${seq}`, keyArea, category, location, address: `${seq}号`, gridPath: GRIDS[s.grid], reportedAt: reportedAt.toISOString() };
    const res = await suite.http().post('/api/v1/incidents').set(await auth('commander')).send(body);
    if (res.status !== 201) throw new Error(`report: ${res.status} ${JSON.stringify(res.body)}`);
    const id: string = res.body.id;
    if (s.metoo && s.ending !== 'rejected') {
      const again = await suite.http().post('/api/v1/incidents').set(await auth('commander')).send({ ...body, title: `又报 ${seq}`, reportedAt: new Date(Math.min(at + 30 * 60_000, Date.now() - 30_000)).toISOString() });
      if (again.status !== 201 || again.body.state !== 'duplicate') throw new Error(`me too: ${again.status} ${JSON.stringify(again.body)}`);
      touchedDays.add(cal.day(again.body.reportedAt));
    }
    const e = s.ending;
    if (e === 'reported') return;
    if (e === 'rejected') return act(id, 'reject', 'commander', { reason: '不属实' });
    await act(id, 'register', 'commander');
    if (e === 'registered') return;
    if (e === 'escalated_fixed') {
      await act(id, 'escalate', 'commander', { reason: '超出街道职权' });
      return act(id, 'close', 'commander', { closureType: 'fixed' });
    }
    await act(id, 'dispatch', 'commander', { unit: 'enforcement' });
    if (e === 'dispatched') return;
    await act(id, 'accept', 'enforcement');
    await act(id, 'handle', 'enforcement', { result: '已处置' });
    if (e === 'handled') return;
    if (e === 'rework_fixed') {
      await act(id, 'rework', 'commander', { reason: '未处置到位' });
      await act(id, 'handle', 'enforcement', { result: '再次处置' });
    }
    await act(id, 'verify', 'commander');
    if (e === 'not_fixed') return act(id, 'close', 'commander', { closureType: 'closed_not_fixed', reason: '条件不具备' });
    if (e === 'not_ours' || e === 'reopened_not_ours') {
      await act(id, 'close', 'commander', { closureType: 'not_responsible', responsibleParty: '供电公司' });
      if (e === 'reopened_not_ours') await act(id, 'reopen', 'commander', { reason: '认定有误' });
      return;
    }
    await act(id, 'close', 'commander', { closureType: 'fixed' });
    if (e === 'reopened_fixed') await act(id, 'reopen', 'commander', { reason: '问题复发' });
  }

  /** The figures recounted straight from the rows, by the written definitions (docs/metrics.md). */
  async function recount(root: string, from: string, to: string) {
    const ds = await suite.dataSource('office');
    const zone = cal.zone;
    const [r] = await ds.query(
      `SELECT count(*) FILTER (WHERE duplicate_of IS NULL)::int AS found,
              count(*) FILTER (WHERE duplicate_of IS NOT NULL)::int AS duplicates,
              count(*)::int AS rows,
              count(*) FILTER (WHERE duplicate_of IS NULL AND registered_at IS NOT NULL)::int AS registered,
              count(*) FILTER (WHERE duplicate_of IS NULL AND state = 'closed')::int AS closed,
              count(*) FILTER (WHERE duplicate_of IS NULL AND state = 'closed' AND closure_type = 'fixed')::int AS solved,
              count(*) FILTER (WHERE duplicate_of IS NULL AND handled_ever)::int AS handled,
              count(*) FILTER (WHERE duplicate_of IS NULL AND rework_count > 0)::int AS reworked,
              count(*) FILTER (WHERE duplicate_of IS NULL AND state = 'closed' AND closure_type = 'fixed' AND resolution_level IS NOT NULL)::int AS leveled,
              count(*) FILTER (WHERE duplicate_of IS NULL AND state = 'closed' AND closure_type <> 'fixed' AND resolution_level IS NOT NULL)::int AS wrongly_leveled
         FROM office.incidents
        WHERE grid_path <@ $1::ltree AND (reported_at AT TIME ZONE $2)::date BETWEEN $3::date AND $4::date`,
      [root, zone, from, to],
    );
    return r as Record<string, number>;
  }

  const get = async (url: string) => {
    const res = await suite.http().get(url).set(await auth('commander'));
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  };

  async function reconcile(): Promise<void> {
    const months = new Set([...touchedDays].map((d) => d.slice(0, 7)));
    for (const root of SCOPES) {
      const periods: [string, string][] = [...[...touchedDays].map((d) => [d, d] as [string, string]), ...[...months].map((m) => [monthDays(m).from, monthDays(m).to] as [string, string])];
      for (const [from, to] of periods) {
        const ledger = (await get(`/api/v1/stats/key-areas?from=${from}&to=${to}&root=${root}`)).body;
        const rows = await recount(root, from, to);
        const where = `${root} ${from}..${to}`;
        expect([where, ledger.total.found, ledger.total.solved, ledger.counts.duplicates, ledger.counts.registered, ledger.counts.closed, ledger.counts.handled, ledger.counts.reworked]).toEqual([
          where, rows.found, rows.solved, rows.duplicates, rows.registered, rows.closed, rows.handled, rows.reworked,
        ]);
        const levels = ledger.resolutionCounts.grid + ledger.resolutionCounts.community + ledger.resolutionCounts.street + ledger.resolutionCounts.district;
        expect([where, levels, rows.wrongly_leveled]).toEqual([where, rows.leveled, 0]);
      }
      for (const month of months) {
        const { from, to } = monthDays(month);
        const ledger = (await get(`/api/v1/stats/key-areas?from=${from}&to=${to}&root=${root}`)).body;
        const xlsx = await get(`/api/v1/incidents.xlsx?from=${from}&to=${to}&root=${root}`);
        expect([root, month, Number(xlsx.headers['x-ledger-rows'])]).toEqual([root, month, (await recount(root, from, to)).rows]);
        const notice = (await get(`/api/v1/appraisal/notices?month=${month}&gridPath=${root}`)).body;
        expect([root, month, notice.totals.found, notice.totals.solved]).toEqual([root, month, ledger.total.found, ledger.total.solved]);
      }
    }
    const hub = (await get('/api/v1/hub?period=month')).body.panels.office.figures;
    const { from, to } = monthDays(cal.thisMonth());
    const ledger = (await get(`/api/v1/stats/key-areas?from=${from}&to=${to}&root=${STREET}`)).body;
    expect([hub.found, hub.registered, hub.closed]).toEqual([ledger.total.found, ledger.counts.registered, ledger.counts.closed]);
  }

  it('holds for random life stories, with the process clock in UTC', async () => {
    expect(new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset()).toBe(0);
    await fc.assert(
      fc.asyncProperty(fc.array(story, { minLength: 4, maxLength: 10 }), async (stories) => {
        touchedDays.clear(); // each run checks the periods it touched (the rows of earlier runs stay in them)
        for (const s of stories) await live(s);
        await reconcile();
      }),
      { numRuns: 3, endOnFailure: true },
    );
  });
});
