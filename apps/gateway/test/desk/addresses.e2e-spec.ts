import { demoStreet } from '@grid122/demo-street';
import { Desk, scope, startDesk } from './desk-support';

/**
 * 按地址定位 (issue 23, item 2), through the gateway with the demo street's registry and accounts:
 * the search's route, and an incident with only an address (at the report route and through
 * Open311's address_string) placed when one place is clear, else answered 422 with the candidates.
 * The registry's matching is tested in its folder (apps/grid-registry/test/grids.e2e-spec.ts), the
 * office's placing in its own (apps/office/test/desk/addresses.ts (run by desk.e2e-spec.ts)).
 */
describe('desk: place by address', () => {
  let desk: Desk;
  const city = demoStreet();
  const gridOf = (id: string) => city.grids.find((g) => g.id === id)!;
  // A residential building of the street whose number is written 三 on the phone: "<compound>3栋".
  const building = city.buildings.find((b) => b.kind === 'residential' && /^[^\d]+3栋$/.test(b.name) && gridOf(b.gridId).path.startsWith(scope.streetPath))!;
  const compoundName = building.name.replace(/3栋$/, '');
  const search = async (q: string, who = 'commander') => (await desk.suite.http().get(`/api/v1/addresses?q=${encodeURIComponent(q)}`).set(await desk.login(who)).expect(200)).body;

  beforeAll(async () => {
    desk = await startDesk();
  }, 240_000);
  afterAll(() => desk?.suite.stop());

  it('serves the registry’s address search at GET /addresses: q from the query string, 400 naming q without one', async () => {
    // The search itself (normalising, ranking, partial and misspelt addresses, the caller's scope) is the registry's: apps/grid-registry/test/grids.e2e-spec.ts.
    const res = await search(`南京市鼓楼区宝塔桥街道${compoundName}三幢2单元301室门口`);
    expect(res).toMatchObject({ normalised: building.name, clear: true });
    expect(res.items[0]).toMatchObject({ kind: 'building', id: building.id, gridPath: gridOf(building.gridId).path });
    const bad = await desk.suite.http().get('/api/v1/addresses').set(await desk.login('commander')).expect(400);
    expect(bad.body.details.fields[0].field).toBe('q');
    await desk.suite.http().get(`/api/v1/addresses?q=${encodeURIComponent(compoundName)}`).set(await desk.login('community')).expect(403);
  });

  it('places a 12345 call with just an address at the report route, and answers 422 with the candidates when it is not clear', async () => {
    // The office's rules of placing by address (the building's point and grid, the history's note, nothing saved when vague, a picked candidate) are tested in its folder: apps/office/test/desk/addresses.ts (run by desk.e2e-spec.ts).
    const call = await desk.report('commander', { source: 'hotline_12345', title: '楼道堆放杂物堵塞消防通道', keyArea: 'production_safety', category: 'blocked_fire_lane', address: `鼓楼区${compoundName}3号楼2单元楼道` });
    expect(call).toMatchObject({ state: 'reported', gridId: building.gridId, gridPath: gridOf(building.gridId).path });
    const stem = compoundName.slice(0, 2);
    const vague = await desk.suite
      .http()
      .post('/api/v1/incidents')
      .set(await desk.login('commander'))
      .send({ source: 'hotline_12345', title: '楼道灯不亮', keyArea: 'other', category: 'broken_streetlight', address: `${stem}3栋楼下` })
      .expect(422);
    expect(vague.body).toMatchObject({ code: 'OFFICE_GRID_REQUIRED', details: { field: 'address', normalised: `${stem}3栋` } });
    expect(vague.body.details.candidates.length).toBeGreaterThan(1);

    // The 12345 platform through Open311 (address_string only, the demo district's key): placed at the
    // building when clear; when not, filed at the platform's own area for the centre to place.
    const viaOpen311 = await desk.suite
      .http()
      .post('/open311/v2/requests.json?api_key=grid122-demo-key')
      .type('form')
      .send({ service_code: 'blocked_fire_lane', address_string: `南京市鼓楼区${compoundName}三幢`, description: '楼道堆物', device_id: `dev-${Date.now()}` })
      .expect(201);
    const o1 = await desk.suite.http().get(`/api/v1/incidents/${viaOpen311.body[0].service_request_id}`).set(await desk.login('commander')).expect(200);
    expect(o1.body).toMatchObject({ gridPath: gridOf(building.gridId).path, location: { lng: building.point.coordinates[0] } });
    const vagueOpen311 = await desk.suite
      .http()
      .post('/open311/v2/requests.json?api_key=grid122-demo-key')
      .type('form')
      .send({ service_code: 'broken_streetlight', address_string: `${stem}3栋`, description: '路灯不亮', device_id: `dev2-${Date.now()}` })
      .expect(201);
    const o2 = await desk.suite.http().get(`/api/v1/incidents/${vagueOpen311.body[0].service_request_id}`).set(await desk.login('district')).expect(200);
    expect(o2.body).toMatchObject({ gridPath: scope.districtPath, location: null });
  });
});
