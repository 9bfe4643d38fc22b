// The process clock runs in UTC, as on most servers: the street's days and months must not follow it.
process.env.TZ = 'UTC';

import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { addDays, addMonths, monthDays, streetCalendar } from '@grid122/calendar';
import { CLOSURE_TYPE_LABELS, KEY_AREA_LABELS, KeyArea } from '@grid122/contracts';
import { eventually } from '@grid122/testing';
import { binaryBody, startSuite, STREET, Suite } from './support/suite';

/**
 * The reconciliation property (issue 19, docs/metrics.md): random life stories of a street's
 * problems — reports around midnight and month ends in Beijing time, duplicates, rejections,
 * dispatch, handling, rework, reopening, escalation, every closure type, and petitions taken in at
 * the petitions group (replied and closed, not accepted and closed, open) — and then, for every
 * scope (the street, each community, each level-3 grid) and every period (each street day
 * touched; each month touched, this month and the last), the ledger equals a recount from the
 * rows, the hub's office panel for that period (`date=`), the monthly notice's totals and key
 * areas (months), and the totals recounted from the XLSX export's rows (every month in every
 * scope, every day in the street's). Two runs of a few stories, checks run three at a time: under
 * a minute on 2 busy cores.
 */
jest.setTimeout(300_000);

const GRIDS = [`${STREET}.c01.g2_01.g3_01`, `${STREET}.c01.g2_01.g3_02`, `${STREET}.c02.g2_01.g3_01`];
/** The street, each community, each level-3 grid. */
const SCOPES = [STREET, `${STREET}.c01`, `${STREET}.c02`, ...GRIDS];
const CATEGORIES = [
  { keyArea: 'production_safety', category: 'ebike_illegal_charging' },
  { keyArea: 'illegal_business', category: 'mobile_vendor' },
  { keyArea: 'illegal_construction', category: 'unauthorised_shed' },
];
const ENDINGS = [
  'reported', 'rejected', 'registered', 'dispatched', 'handled', 'fixed', 'not_fixed', 'not_ours', 'rework_fixed', 'reopened_fixed', 'reopened_not_ours', 'escalated_fixed',
  // taken in at the petitions group (信访稳定), the office's incident following the petition
  'petition_open', 'petition_replied', 'petition_not_accepted',
] as const;
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
  const touchedDays = new Set<string>();
  let seq = 0;

  /** Petitions told, with the state their office incident must reach. */
  const petitions: { id: string; state: string; closureType: string | null }[] = [];

  beforeAll(async () => {
    // the registry answers the notice's 三会一评 and the diaries' roster, and locates the stories'
    // points: each level-3 grid is the band of latitude its stories are told in (32.05 + grid × 0.01)
    suite = await startSuite({ services: ['grid-registry', 'office', 'appraisal', 'petitions'], env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
    const reg = await suite.dataSource('grid-registry');
    const ids = new Map<string, string | null>();
    const grid = async (path: string, level: string, box = [118.0, 31.5, 119.5, 32.5]) => {
      const [x0, y0, x1, y1] = box;
      const parent = path.includes('.') ? ids.get(path.slice(0, path.lastIndexOf('.'))) ?? null : null;
      const [{ id }] = await reg.query(
        `INSERT INTO registry.grids (code, name, level, path, parent_id, polygon, merge_reason)
         VALUES ($1, $2, $3, $4::ltree, $5, ST_MakeEnvelope($6, $7, $8, $9, 4326), $10) RETURNING id`,
        [String(320106000000000 + ids.size), path, level, path, parent, x0, y0, x1, y1, level === 'compound' ? '测试网格 test grid' : null],
      );
      ids.set(path, id);
    };
    const [, district, street] = STREET.split('.');
    await grid('nj', 'city');
    await grid(`nj.${district}`, 'district');
    await grid(`nj.${district}.${street}`, 'street');
    for (const c of [`${STREET}.c01`, `${STREET}.c02`]) await grid(c, 'community');
    for (const c of [`${STREET}.c01.g2_01`, `${STREET}.c02.g2_01`]) await grid(c, 'compound');
    for (const [i, g] of GRIDS.entries()) await grid(g, 'building_cluster', [118.69, 32.045 + i * 0.01, 119.4, 32.055 + i * 0.01]);
  }, 120_000);
  afterAll(() => suite?.stop());

  async function live(s: Story): Promise<void> {
    const today = cal.today();
    const day = addDays(today, -s.daysAgo);
    const at = Math.min(cal.dayStart(day).getTime() + s.minute * 60_000 + 7_000, Date.now() - 60_000);
    const reportedAt = new Date(at);
    touchedDays.add(cal.day(reportedAt));
    seq += 1;
    if (s.ending.startsWith('petition_')) return petition(s, reportedAt);
    const { keyArea, category } = CATEGORIES[s.kind];
    const location = { lng: 118.70 + seq * 0.001, lat: 32.05 + s.grid * 0.01 };
    const body = { source: 'grid_patrol', title: `故事 ${seq}`, keyArea, category, location, address: `${seq}号`, gridPath: GRIDS[s.grid], reportedAt: reportedAt.toISOString() };
    const { id } = await suite.report('commander', body);
    if (s.metoo && s.ending !== 'rejected') {
      const again = await suite.http().post('/api/v1/incidents').set(await auth('commander')).send({ ...body, title: `又报 ${seq}`, reportedAt: new Date(Math.min(at + 30 * 60_000, Date.now() - 30_000)).toISOString() });
      if (again.status !== 201 || again.body.state !== 'duplicate') throw new Error(`me too: ${again.status} ${JSON.stringify(again.body)}`);
      touchedDays.add(cal.day(again.body.reportedAt));
    }
    const e = s.ending;
    if (e === 'reported') return;
    if (e === 'rejected') return suite.act(id, 'reject', 'commander', { reason: '不属实' });
    await suite.act(id, 'register', 'commander');
    if (e === 'registered') return;
    if (e === 'escalated_fixed') {
      await suite.act(id, 'escalate', 'commander', { reason: '超出街道职权' });
      return suite.act(id, 'close', 'commander', { closureType: 'fixed' });
    }
    await suite.act(id, 'dispatch', 'commander', { unit: 'enforcement' });
    if (e === 'dispatched') return;
    await suite.act(id, 'accept', 'enforcement');
    await suite.act(id, 'handle', 'enforcement', { result: '已处置' });
    if (e === 'handled') return;
    if (e === 'rework_fixed') {
      await suite.act(id, 'rework', 'commander', { reason: '未处置到位' });
      await suite.act(id, 'handle', 'enforcement', { result: '再次处置' });
    }
    await suite.act(id, 'verify', 'commander');
    if (e === 'not_fixed') return suite.act(id, 'close', 'commander', { closureType: 'closed_not_fixed', reason: '条件不具备' });
    if (e === 'not_ours' || e === 'reopened_not_ours') {
      await suite.act(id, 'close', 'commander', { closureType: 'not_responsible', responsibleParty: '供电公司' });
      if (e === 'reopened_not_ours') await suite.act(id, 'reopen', 'commander', { reason: '认定有误' });
      return;
    }
    await suite.act(id, 'close', 'commander', { closureType: 'fixed' });
    if (e === 'reopened_fixed') await suite.act(id, 'reopen', 'commander', { reason: '问题复发' });
  }

  /** A petition taken in at the group: the office opens its incident (reported at receivedAt) and follows it. */
  async function petition(s: Story, receivedAt: Date): Promise<void> {
    const post = async (path: string, body: Record<string, unknown>) => {
      const res = await suite.http().post(path).set(await auth('petitions')).send(body);
      if (res.status !== 200 && res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const p = await post('/api/v1/petitions', {
      channel: 'letter', petitionerKind: 'person', petitioner: { name: `信访人${seq}`, phone: `139${String(10_000_000 + seq)}` },
      matter: 'wage_arrears', summary: `故事 ${seq}：拖欠工资`, gridPath: GRIDS[s.grid], receivedAt: receivedAt.toISOString(),
    });
    const expected = { id: p.id as string, state: 'accepted', closureType: null as string | null };
    petitions.push(expected);
    if (s.ending === 'petition_open') return;
    // the group's case events follow the office's incident once it is linked
    const db = await suite.dataSource('petitions');
    await eventually(async () => expect((await db.query(`SELECT incident_id FROM petitions.petitions WHERE id = $1`, [p.id]))[0].incident_id).not.toBeNull(), 20_000);
    if (s.ending === 'petition_replied') {
      await post(`/api/v1/petitions/${p.id}/accept`, { note: '符合受理条件' });
      await post(`/api/v1/petitions/${p.id}/reply`, { reply: '已责令企业支付工资' });
      Object.assign(expected, { state: 'closed', closureType: 'fixed' });
    } else {
      await post(`/api/v1/petitions/${p.id}/reject`, { reason: '已进入诉讼程序，不予受理' });
      Object.assign(expected, { state: 'closed', closureType: 'not_responsible' });
    }
    await post(`/api/v1/petitions/${p.id}/close`, {});
  }

  /** Waits until the office has taken in and followed every petition told (events are asynchronous). */
  async function settled(): Promise<void> {
    const ds = await suite.dataSource('office');
    await eventually(async () => {
      const rows: { source_ref: string; state: string; closure_type: string | null }[] = await ds.query(
        `SELECT source_ref, state, closure_type FROM office.incidents WHERE source = 'petitions_intake' AND source_ref = ANY($1::text[])`,
        [petitions.map((p) => p.id)],
      );
      const got = new Map(rows.map((r) => [r.source_ref, { state: r.state, closureType: r.closure_type }]));
      for (const p of petitions) expect([p.id, got.get(p.id)]).toEqual([p.id, { state: p.state, closureType: p.closureType }]);
    }, 30_000);
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

  /** Totals recounted from the ledger's XLSX export (its rows, as a reader of the file would). */
  async function xlsxTotals(root: string, from: string, to: string) {
    const res = await suite.http().get(`/api/v1/incidents.xlsx?from=${from}&to=${to}&root=${root}`).set(await auth('commander')).buffer(true).parse(binaryBody);
    if (res.status !== 200) throw new Error(`xlsx ${root} ${from}..${to}: ${res.status}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    const ws = wb.worksheets[0];
    const col = (name: string) => (ws.getRow(1).values as string[]).findIndex((v) => typeof v === 'string' && v.startsWith(name));
    const [reported, keyArea, closure, duplicateOf] = ['上报时间', '领域', '结案类型', '重复上报'].map(col);
    const fixed = CLOSURE_TYPE_LABELS.fixed.zh;
    const byArea = new Map<string, { found: number; solved: number }>();
    const t = { rows: 0, found: 0, solved: 0, outside: 0 };
    for (let n = 2; n <= ws.rowCount; n++) {
      const r = ws.getRow(n);
      if (!r.getCell(1).text) continue;
      t.rows++;
      const day = r.getCell(reported).text.slice(0, 10);
      if (day < from || day > to) t.outside++;
      if (r.getCell(duplicateOf).text) continue;
      const area = byArea.get(r.getCell(keyArea).text) ?? { found: 0, solved: 0 };
      area.found++;
      t.found++;
      if (r.getCell(closure).text === fixed) {
        area.solved++;
        t.solved++;
      }
      byArea.set(r.getCell(keyArea).text, area);
    }
    expect(res.headers['x-ledger-truncated']).toBe('false');
    return { ...t, byArea };
  }

  async function reconcile(): Promise<void> {
    await settled();
    const thisMonth = cal.thisMonth();
    const months = new Set([...[...touchedDays].map((d) => d.slice(0, 7)), thisMonth, addMonths(thisMonth, -1)]);
    const periods: { kind: 'today' | 'month'; from: string; to: string }[] = [
      ...[...touchedDays].map((d) => ({ kind: 'today' as const, from: d, to: d })),
      ...[...months].map((m) => ({ kind: 'month' as const, ...monthDays(m) })),
    ];
    const checks = SCOPES.flatMap((root) => periods.map((p) => ({ root, ...p })));
    // three at a time: the checks are independent reads
    for (let i = 0; i < checks.length; i += 3) await Promise.all(checks.slice(i, i + 3).map((c) => check(c.root, c.kind, c.from, c.to)));
  }

  async function check(root: string, kind: 'today' | 'month', from: string, to: string): Promise<void> {
    const where = `${root} ${from}..${to}`;
    const ledger = (await get(`/api/v1/stats/key-areas?from=${from}&to=${to}&root=${root}`)).body;
    const areas = (rows: { keyArea: string; found: number; solved: number }[]) => rows.filter((r) => r.found > 0).map((r) => [r.keyArea, r.found, r.solved]);

    // ledger = a recount from the rows
    const rows = await recount(root, from, to);
    expect([where, ledger.total.found, ledger.total.solved, ledger.counts.duplicates, ledger.counts.registered, ledger.counts.closed, ledger.counts.handled, ledger.counts.reworked]).toEqual([
      where, rows.found, rows.solved, rows.duplicates, rows.registered, rows.closed, rows.handled, rows.reworked,
    ]);
    const levels = ledger.resolutionCounts.grid + ledger.resolutionCounts.community + ledger.resolutionCounts.street + ledger.resolutionCounts.district;
    expect([where, levels, rows.wrongly_leveled]).toEqual([where, rows.leveled, 0]);

    // ledger = the XLSX export's totals (rows, found, solved, per key area), every row in the period
    if (kind === 'month' || root === STREET) {
      const x = await xlsxTotals(root, from, to);
      expect([where, x.rows, x.found, x.solved, x.outside]).toEqual([where, rows.rows, ledger.total.found, ledger.total.solved, 0]);
      const xAreas = [...x.byArea].map(([label, v]) => [(Object.keys(KEY_AREA_LABELS) as KeyArea[]).find((k) => KEY_AREA_LABELS[k].zh === label), v.found, v.solved]);
      expect([where, xAreas.sort()]).toEqual([where, areas(ledger.rows).sort()]);
    }

    // ledger = the hub's office panel for the same period and scope (its cache follows the events)
    await eventually(async () => {
      const hub = (await get(`/api/v1/hub?period=${kind}&date=${from}&root=${root}`)).body;
      const o = hub.panels.office.figures;
      expect([where, hub.from, o.found, o.registered, o.closed, areas(o.keyAreas)]).toEqual([
        where, cal.dayStart(from).toISOString(), ledger.total.found, ledger.counts.registered, ledger.counts.closed, areas(ledger.rows),
      ]);
    }, 8_000, 500);

    // ledger = the monthly notice
    if (kind === 'month') {
      const notice = (await get(`/api/v1/appraisal/notices?month=${from.slice(0, 7)}&gridPath=${root}`)).body;
      expect([where, notice.totals.found, notice.totals.solved, areas(notice.keyAreas)]).toEqual([where, ledger.total.found, ledger.total.solved, areas(ledger.rows)]);
      // every section at hand: the registry (三会一评, the diaries' roster) runs in this suite
      expect([where, notice.unavailable]).toEqual([where, []]);
    }
  }

  it('holds for random life stories, with the process clock in UTC', async () => {
    expect(new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset()).toBe(0);
    await fc.assert(
      fc.asyncProperty(fc.array(story, { minLength: 4, maxLength: 8 }), async (stories) => {
        touchedDays.clear(); // each run checks the periods it touched (the rows of earlier runs stay in them)
        petitions.length = 0;
        for (const s of stories) await live(s);
        await reconcile();
      }),
      { numRuns: 2, endOnFailure: true },
    );
  });
});
