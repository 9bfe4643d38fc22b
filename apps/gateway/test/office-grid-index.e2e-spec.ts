import { demoStreet, Grid } from '@grid122/demo-street';
import { OfficeGridIndex } from '../../office/src/incident/grid-index/office-grid-index';
import { seedDemo } from '../../grid-registry/src/database/seed';
import { startSuite, STREET, Suite } from './support/suite';

/**
 * The office locates an intake's point in process (its grid index, loaded from the registry at
 * start and kept by the registry's grid events) and asks the registry when the index is not
 * certain: after a re-shape the index follows the event, and an intake lands where the registry
 * says either way.
 */
describe('office grid index fed by the registry (#27 item 2)', () => {
  let suite: Suite;
  let index: OfficeGridIndex;
  const byPath = new Map(demoStreet().grids.map((g) => [g.path, g]));
  const auth = async (user: string) => ({ authorization: `Bearer ${await suite.token(user)}` });
  const bbox = (g: Grid) => {
    const xs = g.polygon.coordinates[0].map((p) => p[0]);
    const ys = g.polygon.coordinates[0].map((p) => p[1]);
    return { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) };
  };
  const until = async (what: string, ok: () => boolean) => {
    for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 100));
    if (!ok()) throw new Error(`not within 20 s: ${what}`);
  };
  const registryLocate = async (p: { lng: number; lat: number }) =>
    (await suite.http().get(`/api/v1/grids/locate?lng=${p.lng}&lat=${p.lat}`).set(await auth('commander')).expect(200)).body.grid as { id: string; path: string; level: string };
  const report = async (p: { lng: number; lat: number }) => {
    const res = await suite.http().post('/api/v1/incidents').set(await auth('commander'))
      .send({ source: 'grid_patrol', title: '暴露垃圾 定位', keyArea: 'other', category: 'exposed_rubbish', location: p });
    if (res.status !== 201) throw new Error(`report: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { gridPath: string };
  };

  beforeAll(async () => {
    suite = await startSuite({ services: ['grid-registry', 'office'], env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
    await seedDemo(await suite.dataSource('grid-registry'));
    // The seed writes the registry's tables directly (no events): the office loads them at its start.
    await suite.stopService('office');
    index = (await suite.startService('office')).get(OfficeGridIndex);
  }, 120_000);
  afterAll(() => suite?.stop());

  it('loads the L3 polygons, follows a re-shape by its event, and files intakes where the registry locates them', async () => {
    const g = byPath.get(`${STREET}.c02.g2_01.g3_01`)!;
    const b = bbox(g);
    const midX = (b.x0 + b.x1) / 2;
    const left = { lng: (b.x0 + midX) / 2, lat: (b.y0 + b.y1) / 2 };
    const right = { lng: (midX + b.x1) / 2, lat: (b.y0 + b.y1) / 2 };
    await until('the seeded grid in the index', () => index.locate(left.lng, left.lat)?.id === g.id);
    expect(index.size).toBeGreaterThan(50);
    expect((await report(left)).gridPath).toBe((await registryLocate(left)).path);

    const leftHalf = { type: 'Polygon', coordinates: [[[b.x0, b.y0], [midX, b.y0], [midX, b.y1], [b.x0, b.y1], [b.x0, b.y0]]] };
    await suite.http().patch(`/api/v1/grids/${g.id}`).set(await auth('organisation')).send({ polygon: leftHalf }).expect(200);
    // The right half belongs to no L3 grid now: the index, once it has the event, leaves it to the registry.
    await until('the re-shape applied', () => index.size > 0 && index.locate(right.lng, right.lat) === null && index.locate(left.lng, left.lat)?.id === g.id);
    const there = await registryLocate(right);
    expect(there.level).toBe('compound');
    expect((await report(right)).gridPath).toBe(there.path);
    expect((await report(left)).gridPath).toBe(g.path);
  }, 120_000);
});
