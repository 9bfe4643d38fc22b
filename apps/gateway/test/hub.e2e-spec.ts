import { eventually } from '@grid122/testing';
import { periodRange } from '../src/hub/hub.service';
import { OTHER_STREET, startSuite, STREET, Suite } from './support/suite';

/**
 * The command hub aggregate with every service running: the document's figures equal each service's
 * own figures for the same scope; events refresh the cache; a stopped service blanks only its panel
 * within the timeout; a district account sees its streets, ranked, and no others.
 */
const GRID = `${STREET}.c01.g2_01.g3_01`;
const OTHER_DISTRICT_STREET = 'nj.xuanwu.xyz';
const SQUARE = (x: number) => `ST_GeomFromText('POLYGON((${x} 40, ${x + 0.5} 40, ${x + 0.5} 40.5, ${x} 40.5, ${x} 40))', 4326)`;

describe('hub: GET /api/v1/hub', () => {
  let suite: Suite;
  let n = 0;
  const auth = async (who: string) => ({ authorization: `Bearer ${await suite.token(who)}` });
  const hub = async (who: string, query = '') => (await suite.http().get(`/api/v1/hub${query}`).set(await auth(who)).expect(200)).body;
  const report = (who: string, gridPath: string) => {
    n += 1;
    return suite.report(who, { source: 'grid_patrol', title: `违规经营 ${n}`, keyArea: 'other', category: 'exposed_rubbish', address: `鼓楼区某路${n}号`, gridPath });
  };

  beforeAll(async () => {
    suite = await startSuite({ env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
    const reg = await suite.dataSource('grid-registry');
    const grid = async (code: string, name: string, level: string, path: string, parent: string | null, x: number) =>
      (
        await reg.query(
          `INSERT INTO registry.grids (code, name, level, path, parent_id, polygon) VALUES ($1, $2, $3, $4::ltree, $5, ${SQUARE(x)}) RETURNING id`,
          [code, name, level, path, parent],
        )
      )[0].id as string;
    const city = await grid('320100000000000', '南京市', 'city', 'nj', null, 118);
    const gulou = await grid('320106000000000', '鼓楼区', 'district', 'nj.gulou', city, 118);
    const xuanwu = await grid('320102000000000', '玄武区', 'district', 'nj.xuanwu', city, 119);
    await grid('320106001000000', '宝塔桥街道', 'street', STREET, gulou, 118);
    await grid('320106002000000', '挹江门街道', 'street', OTHER_STREET, gulou, 118.5);
    await grid('320102001000000', '新街口街道', 'street', OTHER_DISTRICT_STREET, xuanwu, 119);
    await report('worker', GRID);
    await report('commander', `${STREET}.c02.g2_01.g3_01`);
    await report('other-commander', `${OTHER_STREET}.c01.g2_01.g3_01`);
    await report('admin', `${OTHER_DISTRICT_STREET}.c01.g2_01.g3_01`);
  }, 60_000);
  afterAll(() => suite?.stop(), 30_000);

  it('assembles every panel for a commander, with the office figures equal to the office ledger', async () => {
    const doc = await hub('commander', '?period=month');
    expect(doc).toMatchObject({ scope: STREET, period: 'month', rollUp: false, streets: null });
    for (const p of ['office', 'organisation', 'petitions', 'social', 'enforcement', 'appraisal']) expect(doc.panels[p].status).toBe('ok');
    const { from, to } = periodRange('month');
    const day = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const lastDay = day(new Date(new Date(to).getTime() - 1).toISOString());
    const ledger = (await suite.http().get(`/api/v1/stats/key-areas?from=${day(from)}&to=${lastDay}&root=${STREET}`).set(await auth('commander')).expect(200)).body;
    const office = doc.panels.office.figures;
    expect(office.found).toBe(ledger.total.found);
    expect(office.found).toBe(2);
    expect(office.registered).toBe(ledger.counts.registered);
    expect(office.closed).toBe(ledger.counts.closed);
    expect(office.closureRate).toBe(ledger.rates.closure);
    for (const row of ledger.rows) {
      expect(office.keyAreas.find((k: { keyArea: string }) => k.keyArea === row.keyArea)).toMatchObject({ found: row.found, solved: row.solved });
    }
    expect(office.lights.green + office.lights.yellow + office.lights.red).toBe(2);
    // The organisation group's figures equal the registry's own reports: apps/grid-registry/test/grids.e2e-spec.ts (its hub panel).
    expect(doc.panels.petitions.figures).toMatchObject({ received: 0, collective: 0, warningLevel: null });
    expect(doc.panels.enforcement.figures).toMatchObject({ openCases: 0, noticesPastDue: 0 });
    // Every number a panel holds (one level down too: lights, rates) has a Chinese name in the document.
    const unnamed: string[] = [];
    const walk = (o: Record<string, unknown>, at: string) => {
      for (const [k, v] of Object.entries(o)) {
        if (typeof v === 'number' && !/^(green|yellow|red)$/.test(k) && !doc.labels[k]?.zh) unnamed.push(`${at}.${k}`);
        else if (v && typeof v === 'object' && !Array.isArray(v)) walk(v as Record<string, unknown>, `${at}.${k}`);
      }
    };
    for (const p of Object.keys(doc.panels)) walk(doc.panels[p].figures ?? {}, p);
    expect(unnamed).toEqual([]);
  });

  it('refreshes a cached panel when an event of its service lands in the scope', async () => {
    const before = (await hub('commander', '?period=today')).panels.office.figures.found;
    await report('worker', GRID);
    // Well inside the cache's freshness window: only the event can have refreshed it.
    await eventually(async () => expect((await hub('commander', '?period=today')).panels.office.figures.found).toBe(before + 1), 3000, 100);
  });

  it('a district account sees every street of its district, ranked, and none of another district', async () => {
    const doc = await hub('district', '?period=month');
    expect(doc).toMatchObject({ scope: 'nj.gulou', rollUp: true });
    const paths = doc.streets.map((s: { path: string }) => s.path);
    expect(paths).toEqual(expect.arrayContaining([STREET, OTHER_STREET]));
    expect(paths).not.toContain(OTHER_DISTRICT_STREET);
    expect(doc.streets.map((s: { rank: number }) => s.rank)).toEqual(doc.streets.map((_: unknown, i: number) => i + 1));
    const btq = doc.streets.find((s: { path: string }) => s.path === STREET);
    expect(btq).toMatchObject({ name: '宝塔桥街道', figures: { found: 3 } });
    expect(doc.panels.office.figures.found).toBe(4);
    // …and cannot look into another district, nor a commander above their street.
    await suite.http().get(`/api/v1/hub?root=${OTHER_DISTRICT_STREET}`).set(await auth('district')).expect(403);
    await suite.http().get('/api/v1/hub?root=nj.gulou').set(await auth('commander')).expect(403);
    const bad = await suite.http().get('/api/v1/hub?period=year').set(await auth('commander')).expect(400);
    expect(bad.body.message).toMatch(/period/);
  });

  it('is described in the OpenAPI document', async () => {
    const api = (await suite.http().get('/api/docs-json').expect(200)).body;
    expect(api.paths['/api/v1/hub'].get.responses['200'].content['application/json'].schema.$ref).toMatch(/HubDocumentDto/);
    expect(Object.keys(api.components.schemas.OfficeFiguresDto.properties)).toEqual(expect.arrayContaining(['found', 'closureRate', 'lights', 'keyAreas']));
  });

  it('stopping one service marks only its panel unreachable, within the timeout', async () => {
    await suite.stopService('petitions');
    const started = Date.now();
    const doc = await hub('commander', '?period=week');
    expect(Date.now() - started).toBeLessThan(2500);
    expect(doc.panels.petitions).toMatchObject({ status: 'unreachable', figures: null, error: { code: 'SERVICE_UNAVAILABLE' } });
    for (const p of ['office', 'organisation', 'social', 'enforcement', 'appraisal']) expect(doc.panels[p].status).toBe('ok');
    // A panel seen before shows its last figures as stale, with their age.
    await eventually(async () => {
      const month = await hub('commander', '?period=month');
      expect(month.panels.petitions.status).toBe('stale');
      expect(month.panels.petitions.ageSeconds).toBeGreaterThan(0);
      expect(month.panels.petitions.figures).toMatchObject({ received: 0 });
    }, 8000, 250);
  });
});
