import { demoStreet, Grid } from '@grid122/demo-street';
import { streetDay } from '@grid122/calendar';
import { eventually } from '@grid122/testing';
import { seedDemo } from '../../grid-registry/src/database/seed';
import { startSuite, STREET, Suite } from './support/suite';

/**
 * The grid registry's routes as the gateway serves them: query strings read as numbers and
 * cursors, path parameters into the request (id, gridId, assignmentId, a commitment's id), the
 * fixed `mismatch` of /party-organisations/mismatches, role gates, the service's codes as HTTP
 * statuses with their details, and the downloads (GeoJSON, CSV, XLSX) with their media types. The
 * registry's own behaviour is tested in apps/grid-registry/test (grids.e2e-spec.ts, and
 * organisation-tasks.e2e-spec.ts for the tasks the office's dispatches open); the last test here is
 * that flow end to end, through the office and the registry.
 */
describe('grid registry routes (gateway)', () => {
  let suite: Suite;
  const city = demoStreet();
  const byPath = new Map(city.grids.map((g) => [g.path, g]));
  const workerGrid = byPath.get(`${STREET}.c01.g2_01.g3_01`)!;
  const auth = async (user: string) => ({ authorization: `Bearer ${await suite.token(user)}` });
  const get = async (user: string, url: string, status = 200) => {
    const res = await suite.http().get(url).set(await auth(user)).buffer(true);
    if (res.status !== status) throw new Error(`GET ${url} as ${user}: expected ${status}, got ${res.status} ${res.text}`);
    return res;
  };
  const send = async (method: 'post' | 'patch' | 'delete', user: string, url: string, body: object, status: number) => suite.http()[method](url).set(await auth(user)).send(body).expect(status);
  /** The middle of a grid's first ring's bounding box. */
  const middle = (g: Grid) => {
    const [xs, ys] = [0, 1].map((i) => g.polygon.coordinates[0].map((p) => p[i]));
    return { lng: (Math.min(...xs) + Math.max(...xs)) / 2, lat: (Math.min(...ys) + Math.max(...ys)) / 2 };
  };
  const box = (p: { lng: number; lat: number }, d: number) => ({ type: 'Polygon', coordinates: [[[p.lng - d, p.lat - d], [p.lng + d, p.lat - d], [p.lng + d, p.lat + d], [p.lng - d, p.lat + d], [p.lng - d, p.lat - d]]] });

  beforeAll(async () => {
    suite = await startSuite({ services: ['grid-registry', 'office'], env: { OFFICE_SWEEP_INTERVAL_MS: '0' } });
    await seedDemo(await suite.dataSource('grid-registry'));
  });
  afterAll(() => suite?.stop());

  it('grids: reads query strings as numbers, dates and cursors, gates writes by role, maps codes to statuses, and sends the downloads decoded with their media types and names', async () => {
    const p = middle(workerGrid);
    expect((await get('commander', `/api/v1/grids/locate?lng=${p.lng}&lat=${p.lat}`)).body.grid.id).toBe(workerGrid.id);
    expect((await get('commander', `/api/v1/grids/locate?lng=${p.lng}&lat=${p.lat}&at=${encodeURIComponent(new Date().toISOString())}`)).body.grid.id).toBe(workerGrid.id);
    expect((await get('admin', '/api/v1/grids/locate?lng=10&lat=10', 404)).body.code).toBe('REGISTRY_POINT_ON_NO_GRID');
    const bad = await get('admin', '/api/v1/grids/locate?lng=118.76&lat=95', 400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.details.fields[0].field).toBe('lat');

    const street = city.grids.find((g) => g.level === 'street')!;
    expect((await get('worker', `/api/v1/grids/${street.id}`, 404)).body.code).toBe('REGISTRY_GRID_NOT_FOUND');
    const page = await get('commander', '/api/v1/grids?level=building_cluster&limit=100');
    expect(page.body.items).toHaveLength(100);
    expect((await get('commander', `/api/v1/grids?level=building_cluster&limit=100&cursor=${page.body.nextCursor}`)).body.items[0].id).not.toBe(page.body.items[0].id);
    const community = city.grids.filter((g) => g.level === 'community').find((c) => city.grids.filter((g) => g.parentId === c.id).length < 8)!;
    const body = { parentId: community.id, level: 'compound', name: '测试合并小区', households: 120, grade: 'C', mergeReason: '不足300户，与相邻企业宿舍合并为一个二级网格', polygon: box(middle(community), 0.0002) };
    await send('post', 'worker', '/api/v1/grids', body, 403);
    const made = (await send('post', 'commander', '/api/v1/grids', body, 201)).body;
    expect((await send('patch', 'organisation', `/api/v1/grids/${made.id}`, { name: '测试合并小区（改名）' }, 200)).body).toMatchObject({ id: made.id, name: '测试合并小区（改名）' });
    expect((await get('commander', `/api/v1/grids/${made.id}/history`)).body.versions).toHaveLength(2);

    const compound = byPath.get(`${STREET}.c05.g2_01`)!;
    const code = `${compound.code.slice(0, 12)}${Number(compound.code.slice(12)) - 99}90`;
    const good = { type: 'Feature', geometry: box(middle(compound), 0.0001), properties: { code, name: '导入网格', level: 'building_cluster', parentCode: compound.code, households: 40 } };
    const unclosed = { ...good, geometry: { type: 'Polygon', coordinates: [box(middle(compound), 0.0001).coordinates[0].slice(0, 4)] }, properties: { ...good.properties, code: `${code.slice(0, 13)}92` } };
    const res = await send('post', 'organisation', '/api/v1/grids/import', { type: 'FeatureCollection', features: [good, unclosed] }, 400);
    expect(res.body.code).toBe('REGISTRY_IMPORT_REJECTED');
    expect(res.body.details.features.map((f: { index: number }) => f.index)).toEqual([1]); // the service's details, passed on
    await send('post', 'organisation', '/api/v1/grids/import', { type: 'FeatureCollection', features: [good] }, 200); // an import answers 200, not 201

    const geo = await get('commander', `/api/v1/grids.geojson?root=${byPath.get(`${STREET}.c04`)!.id}`);
    expect(geo.headers['content-type']).toMatch(/application\/geo\+json/);
    expect(JSON.parse(geo.text).type).toBe('FeatureCollection');
    const before = streetDay();
    const csv = await get('commander', '/api/v1/grids/ledger.csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect([before, streetDay()].map((d) => `attachment; filename="grid-ledger-${d}.csv"`)).toContain(csv.headers['content-disposition']); // named by the street's day
    expect(csv.text.replace(/^\uFEFF/, '')).toMatch(/^网格编码 Code,/); // the service's base64, decoded
    const xlsx = await get('commander', '/api/v1/grids/ledger.xlsx');
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    expect(xlsx.headers['content-disposition']).toMatch(/^attachment; filename="grid-ledger-\d{4}-\d{2}-\d{2}\.xlsx"$/);
  });

  it('staff: path ids into the request (id, gridId, assignmentId), the reveal for the command only, a second head as 409', async () => {
    const g = byPath.get(`${STREET}.c06.g2_01`)!;
    const staff = (await get('commander', `/api/v1/grids/${g.id}/staff`)).body;
    // the phone in full only by the reveal route (the gateway audits it: hostile/personal-data-reads), for the command and the units
    expect((await send('post', 'commander', `/api/v1/staff/${staff.head.staffId}/reveal-phone`, { reason: '联系网格长核实情况' }, 200)).body.id).toBe(staff.head.staffId);
    await send('post', 'admin', `/api/v1/staff/${staff.head.staffId}/reveal-phone`, { reason: '联系网格长核实情况' }, 403);
    await send('delete', 'organisation', `/api/v1/staff-assignments/${staff.head.assignmentId}`, {}, 200);
    expect((await get('commander', '/api/v1/grids/gaps')).body.grids.map((x: { id: string }) => x.id)).toContain(g.id);
    const street = city.grids.find((x) => x.level === 'street')!;
    const person = (await send('post', 'commander', '/api/v1/staff', { name: '新网格长', phone: '13912345678', homeGridId: street.id }, 201)).body;
    await send('post', 'commander', `/api/v1/grids/${g.id}/staff`, { staffId: person.id, role: 'grid_head' }, 201);
    expect((await send('post', 'commander', `/api/v1/grids/${g.id}/staff`, { staffId: staff.head.staffId, role: 'grid_head' }, 409)).body.code).toBe('REGISTRY_GRID_HAS_HEAD');
    expect((await get('commander', `/api/v1/grids/${g.id}/responsibles`)).body.heads[0].gridId).toBe(g.id);
    expect((await get('commander', `/api/v1/grids/${g.id}/departments`)).status).toBe(200);
  });

  it('party organisations, volunteers and buildings: the fixed mismatch route, path ids, limits from the query, statuses', async () => {
    const report = await get('commander', '/api/v1/party-organisations/mismatches');
    expect(report.body.items.length).toBeGreaterThan(0);
    for (const o of report.body.items) expect(o.kind).not.toBe(o.expectedKind);
    const community = byPath.get(`${STREET}.c07`)!;
    const made = (await send('post', 'organisation', '/api/v1/party-organisations', { gridId: community.id, kind: 'general_branch', name: '测试党总支', members: 60 }, 201)).body;
    expect((await send('patch', 'organisation', `/api/v1/party-organisations/${made.id}`, { members: 30 }, 200)).body).toMatchObject({ id: made.id, members: 30 });
    const pledge = (await send('post', 'organisation', `/api/v1/party-organisations/${made.id}/commitments`, { memberName: '王某', content: '每周参加一次网格巡查', year: 2014 }, 201)).body;
    expect(pledge.partyOrgId).toBe(made.id);
    await send('post', 'organisation', `/api/v1/party-commitments/${pledge.id}/fulfil`, { note: '全年参加巡查52次' }, 200);
    expect((await send('post', 'organisation', `/api/v1/party-commitments/${pledge.id}/fulfil`, { note: '再次' }, 409)).body.code).toBe('ILLEGAL_TRANSITION');
    expect((await get('commander', '/api/v1/grid-volunteers?limit=20')).body.items).toHaveLength(20);
    expect((await get('commander', '/api/v1/grid-volunteer-teams')).status).toBe(200);
    const building = { gridId: workerGrid.id, name: '测试楼', kind: 'residential', units: 2, floors: 6, households: 24 };
    await send('post', 'organisation', '/api/v1/buildings', { ...building, point: middle(workerGrid) }, 201);
    await send('post', 'worker', '/api/v1/buildings', { ...building, point: middle(workerGrid) }, 403);
  });

  it('end to end: a problem the office dispatches to the organisation group becomes its task, and its closure reaches the office', async () => {
    const incident = await send('post', 'worker', '/api/v1/incidents', { source: 'grid_patrol', title: '网格党小组未建立', description: '3号网格尚未建立党小组', keyArea: 'grassroots_organisation', category: 'grid_party_group_missing', location: middle(workerGrid), gridPath: workerGrid.path }, 201);
    const id = incident.body.id;
    await send('post', 'commander', `/api/v1/incidents/${id}/register`, {}, 200);
    await send('post', 'commander', `/api/v1/incidents/${id}/dispatch`, { unit: 'organisation' }, 200);
    const task = await eventually(async () => {
      const items = (await get('organisation', `/api/v1/organisation-tasks?incidentId=${id}`)).body.items;
      expect(items).toHaveLength(1);
      return items[0];
    }, 20_000);
    // the routes' own gates: the group's members only, a task by its path id
    await get('worker', '/api/v1/organisation-tasks', 403);
    await send('post', 'commander', `/api/v1/organisation-tasks/${task.id}/handle`, { note: '已处理' }, 403);
    expect((await send('post', 'organisation', `/api/v1/organisation-tasks/${task.id}/close`, {}, 400)).body.details.fields[0].field).toBe('closureType');
    await send('post', 'organisation', `/api/v1/organisation-tasks/${task.id}/handle`, { note: '已督促社区建立网格党小组' }, 200);
    expect((await send('post', 'organisation', `/api/v1/organisation-tasks/${task.id}/return`, { reason: '不属于本组' }, 409)).body.code).toBe('ILLEGAL_TRANSITION');
    await send('post', 'organisation', `/api/v1/organisation-tasks/${task.id}/close`, { closureType: 'fixed' }, 200);
    await eventually(async () => {
      const office = (await get('commander', `/api/v1/incidents/${id}`)).body;
      expect(office.state).toBe('handled');
      expect(office.history.map((h: { action: string }) => h.action)).toContain('unit_case_closed');
    }, 20_000);
  });
});
