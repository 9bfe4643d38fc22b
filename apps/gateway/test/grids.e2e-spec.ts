import { demoStreet, Grid } from '@grid122/demo-street';
import { seedDemo } from '../../grid-registry/src/database/seed';
import { startSuite, STREET, Suite } from './support/suite';

/**
 * The grid registry through the gateway, against PostGIS: locate (inside, on a shared edge,
 * outside, in the past), import all-or-nothing, scope, masked phones, gaps, party-size rule.
 */
describe('grid registry (基层组织建设组) through the gateway', () => {
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
  const square = (lng: number, lat: number, d: number) => ({
    type: 'Polygon',
    coordinates: [[[lng - d, lat - d], [lng + d, lat - d], [lng + d, lat + d], [lng - d, lat + d], [lng - d, lat - d]]],
  });
  const bbox = (g: Grid) => {
    const xs = g.polygon.coordinates[0].map((p) => p[0]);
    const ys = g.polygon.coordinates[0].map((p) => p[1]);
    return { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) };
  };
  const centre = (g: Grid) => {
    const b = bbox(g);
    return { lng: (b.x0 + b.x1) / 2, lat: (b.y0 + b.y1) / 2 };
  };

  beforeAll(async () => {
    suite = await startSuite({ services: ['grid-registry'] });
    await seedDemo(await suite.dataSource('grid-registry'));
  });
  afterAll(() => suite?.stop());

  describe('locate', () => {
    it('finds the deepest grid containing a point, with its ancestors from the city down', async () => {
      const p = centre(workerGrid);
      const res = await get('commander', `/api/v1/grids/locate?lng=${p.lng}&lat=${p.lat}`);
      expect(res.body.grid).toMatchObject({ id: workerGrid.id, code: workerGrid.code, level: 'building_cluster', path: workerGrid.path });
      expect(res.body.ancestors.map((a: { level: string }) => a.level)).toEqual(['city', 'district', 'street', 'community', 'compound']);
      expect(res.body.ancestors[4].id).toBe(workerGrid.parentId);
    });

    it('answers a point on the edge two level-3 grids share with the smaller code, every time', async () => {
      const clusters = city.grids.filter((g) => g.level === 'building_cluster');
      let pair: [Grid, Grid] | undefined;
      let point: { lng: number; lat: number } | undefined;
      for (const a of clusters) {
        const ba = bbox(a);
        const b = clusters.find((c) => {
          const bc = bbox(c);
          return c.id !== a.id && bc.x0 === ba.x1 && Math.min(ba.y1, bc.y1) - Math.max(ba.y0, bc.y0) > 1e-5;
        });
        if (b) {
          const bb = bbox(b);
          pair = [a, b];
          point = { lng: ba.x1, lat: (Math.max(ba.y0, bb.y0) + Math.min(ba.y1, bb.y1)) / 2 };
          break;
        }
      }
      expect(pair).toBeDefined();
      const expected = [...pair!].sort((x, y) => x.code.localeCompare(y.code))[0];
      for (let i = 0; i < 3; i++) {
        const res = await get('commander', `/api/v1/grids/locate?lng=${point!.lng}&lat=${point!.lat}`);
        expect(res.body.grid.id).toBe(expected.id);
      }
    });

    it('says 404 with a code for a point on no grid, and 400 naming the field out of WGS-84 range', async () => {
      const none = await get('admin', '/api/v1/grids/locate?lng=10&lat=10', 404);
      expect(none.body.code).toBe('REGISTRY_POINT_ON_NO_GRID');
      const bad = await get('admin', '/api/v1/grids/locate?lng=118.76&lat=95', 400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
      expect(bad.body.details.fields[0].field).toBe('lat');
      const badLng = await get('admin', '/api/v1/grids/locate?lng=190&lat=32', 400);
      expect(badLng.body.details.fields[0].field).toBe('lng');
    });

    it('keeps history: after a re-shape, locate `at` a past time returns the grid of then', async () => {
      const g = byPath.get(`${STREET}.c02.g2_01.g3_01`)!;
      const b = bbox(g);
      const midX = (b.x0 + b.x1) / 2;
      const leftHalf = { type: 'Polygon', coordinates: [[[b.x0, b.y0], [midX, b.y0], [midX, b.y1], [b.x0, b.y1], [b.x0, b.y0]]] };
      const rightPoint = { lng: (midX + b.x1) / 2, lat: (b.y0 + b.y1) / 2 };
      const before = new Date().toISOString();
      const patched = await suite.http().patch(`/api/v1/grids/${g.id}`).set(await auth('organisation')).send({ polygon: leftHalf }).expect(200);
      expect(patched.body.version).toBe(2);
      const now = await get('commander', `/api/v1/grids/locate?lng=${rightPoint.lng}&lat=${rightPoint.lat}`);
      expect(now.body.grid.level).toBe('compound'); // the right half belongs to no level-3 grid any more
      const then = await get('commander', `/api/v1/grids/locate?lng=${rightPoint.lng}&lat=${rightPoint.lat}&at=${encodeURIComponent(before)}`);
      expect(then.body.grid.id).toBe(g.id);
      const history = await get('commander', `/api/v1/grids/${g.id}/history`);
      expect(history.body.versions.map((v: { change: string }) => v.change)).toEqual(['created', 'reshaped']);
      expect(history.body.versions[0].validTo).not.toBeNull();
    });
    it('moves a grid with its posts to another parent: new path, a "moved" version, the old answer kept for the past', async () => {
      const g = byPath.get(`${STREET}.c03.g2_01.g3_02`)!;
      const target = byPath.get(`${STREET}.c03.g2_02`)!;
      const oldPoint = centre(g);
      const t = centre(target);
      const before = new Date().toISOString();
      const moved = await suite.http().patch(`/api/v1/grids/${g.id}`).set(await auth('commander')).send({ parentId: target.id, polygon: square(t.lng, t.lat, 0.00005) }).expect(200);
      expect(moved.body.parentId).toBe(target.id);
      expect(moved.body.path.startsWith(`${target.path}.`)).toBe(true);
      expect(moved.body.code).toBe(g.code);
      const staff = await get('commander', `/api/v1/grids/${g.id}/staff`);
      const person = await get('commander', `/api/v1/staff/${staff.body.head.staffId}`);
      expect(person.body.assignments.find((a: { gridId: string }) => a.gridId === g.id).gridPath).toBe(moved.body.path);
      const history = await get('commander', `/api/v1/grids/${g.id}/history`);
      expect(history.body.versions.map((v: { change: string; path: string }) => [v.change, v.path])).toEqual([['created', g.path], ['moved', moved.body.path]]);
      const then = await get('commander', `/api/v1/grids/locate?lng=${oldPoint.lng}&lat=${oldPoint.lat}&at=${encodeURIComponent(before)}`);
      expect(then.body.grid).toMatchObject({ id: g.id, path: g.path });
      const cycle = await suite.http().patch(`/api/v1/grids/${target.id}`).set(await auth('commander')).send({ parentId: g.id }).expect(400);
      expect(cycle.body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('the tree: create, rules, scope', () => {
    it('a level-2 grid under 300 households needs a merge reason; the code and path are generated', async () => {
      const community = city.grids.filter((g) => g.level === 'community').find((c) => city.grids.filter((g) => g.parentId === c.id).length < 8)!;
      const p = centre(community);
      const body = { parentId: community.id, level: 'compound', name: '测试合并小区', households: 120, grade: 'C', polygon: square(p.lng, p.lat, 0.0002) };
      const refused = await suite.http().post('/api/v1/grids').set(await auth('commander')).send(body).expect(400);
      expect(refused.body.code).toBe('REGISTRY_MERGE_REASON_REQUIRED');
      const made = await suite.http().post('/api/v1/grids').set(await auth('commander')).send({ ...body, mergeReason: '不足300户，与相邻企业宿舍合并为一个二级网格' }).expect(201);
      expect(made.body.code).toMatch(new RegExp(`^${community.code.slice(0, 12)}10[1-8]$`));
      expect(made.body.path).toMatch(new RegExp(`^${community.path.replace(/\./g, '\\.')}\\.g2_0[1-8]$`));
      expect(made.body.version).toBe(1);
    });

    it('refuses a grid at the wrong level, outside its parent, or from a role that may not write', async () => {
      const community = city.grids.find((g) => g.level === 'community')!;
      const p = centre(community);
      const wrong = await suite.http().post('/api/v1/grids').set(await auth('commander')).send({ parentId: community.id, level: 'building_cluster', name: 'x', polygon: square(p.lng, p.lat, 0.0001) }).expect(400);
      expect(wrong.body.code).toBe('REGISTRY_LEVEL_MISMATCH');
      const outside = await suite.http().post('/api/v1/grids').set(await auth('commander')).send({ parentId: community.id, level: 'compound', name: 'x', households: 400, polygon: square(100, 30, 0.001) }).expect(400);
      expect(outside.body.code).toBe('REGISTRY_OUTSIDE_PARENT');
      await suite.http().post('/api/v1/grids').set(await auth('worker')).send({ parentId: community.id, level: 'compound', name: 'x', households: 400, polygon: square(p.lng, p.lat, 0.0001) }).expect(403);
      const petitions = await suite.http().post('/api/v1/grids').set(await auth('petitions')).send({ parentId: community.id, level: 'compound', name: 'x', households: 400, polygon: square(p.lng, p.lat, 0.0001) }).expect(403);
      expect(petitions.body.code).toBe('FORBIDDEN');
    });

    it('scopes every read by the caller\'s grid path, answering 404 (not 403) outside it', async () => {
      const mine = await get('worker', '/api/v1/grids?limit=500');
      expect(mine.body.items.length).toBeGreaterThan(0);
      for (const g of mine.body.items) expect(g.path.startsWith(workerGrid.path)).toBe(true);
      const street = city.grids.find((g) => g.level === 'street')!;
      const hidden = await get('worker', `/api/v1/grids/${street.id}`, 404);
      expect(hidden.body.code).toBe('REGISTRY_GRID_NOT_FOUND');
      await get('other-commander', `/api/v1/grids/${workerGrid.id}`, 404);
      const communities = await get('district', '/api/v1/grids?level=community&limit=500');
      expect(communities.body.items).toHaveLength(12);
      const jia = await get('commander', '/api/v1/grids?level=community&class=jia');
      for (const g of jia.body.items) expect(g.gridClass).toBe('jia');
      const other = await get('worker', `/api/v1/grids/locate?lng=${centre(byPath.get(`${STREET}.c03.g2_01.g3_01`)!).lng}&lat=${centre(byPath.get(`${STREET}.c03.g2_01.g3_01`)!).lat}`, 404);
      expect(other.body.code).toBe('REGISTRY_POINT_ON_NO_GRID');
    });

    it('pages with a cursor, in path order, without repeats', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await get('commander', `/api/v1/grids?level=building_cluster&limit=100${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...res.body.items.map((g: { path: string }) => g.path));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBeGreaterThanOrEqual(247);
    });
  });

  describe('GeoJSON import and export', () => {
    const compound = () => byPath.get(`${STREET}.c05.g2_01`)!;
    const newCode = () => {
      const c = compound();
      const kk = Number(c.code.slice(12)) - 100;
      return `${c.code.slice(0, 12)}${kk + 1}90`;
    };

    it('rejects a file with a self-intersecting ring and an unclosed ring, naming each, and imports nothing', async () => {
      const p = centre(compound());
      const good = { type: 'Feature', geometry: square(p.lng, p.lat, 0.0001), properties: { code: newCode(), name: '导入网格', level: 'building_cluster', parentCode: compound().code, households: 40 } };
      const bowtie = {
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: [[[p.lng, p.lat], [p.lng + 0.0002, p.lat + 0.0002], [p.lng + 0.0002, p.lat], [p.lng, p.lat + 0.0002], [p.lng, p.lat]]] },
        properties: { code: `${newCode().slice(0, 13)}91`, name: '坏网格', level: 'building_cluster', parentCode: compound().code },
      };
      const open = {
        type: 'Feature',
        geometry: { type: 'Polygon', coordinates: [[[p.lng, p.lat], [p.lng + 0.0001, p.lat], [p.lng + 0.0001, p.lat + 0.0001], [p.lng, p.lat + 0.0001]]] },
        properties: { code: `${newCode().slice(0, 13)}92`, name: '未闭合', level: 'building_cluster', parentCode: compound().code },
      };
      const res = await suite.http().post('/api/v1/grids/import').set(await auth('organisation')).send({ type: 'FeatureCollection', features: [good, bowtie, open] }).expect(400);
      expect(res.body.code).toBe('REGISTRY_IMPORT_REJECTED');
      const problems = res.body.details.features as { index: number; reason: string }[];
      expect(problems.find((f) => f.index === 1)?.reason).toMatch(/Self-intersection/i);
      expect(problems.find((f) => f.index === 2)?.reason).toMatch(/not closed/);
      expect(problems.some((f) => f.index === 0)).toBe(false);
      const ds = await suite.dataSource('grid-registry');
      expect(await ds.query(`SELECT 1 FROM registry.grids WHERE code = $1`, [newCode()])).toHaveLength(0);

      const ok = await suite.http().post('/api/v1/grids/import').set(await auth('organisation')).send({ type: 'FeatureCollection', features: [good] }).expect(200);
      expect(ok.body).toMatchObject({ created: 1, reshaped: 0, dryRun: false });
      const again = await suite.http().post('/api/v1/grids/import').set(await auth('organisation')).send({ type: 'FeatureCollection', features: [good] }).expect(200);
      expect(again.body).toMatchObject({ created: 0, unchanged: 1 });
    });

    it('exports a subtree as a FeatureCollection', async () => {
      const community = byPath.get(`${STREET}.c04`)!;
      const res = await get('commander', `/api/v1/grids.geojson?root=${community.id}`);
      expect(res.headers['content-type']).toMatch(/application\/geo\+json/);
      const fc = JSON.parse(res.text);
      const expected = city.grids.filter((g) => g.path === community.path || g.path.startsWith(`${community.path}.`)).length;
      expect(fc.type).toBe('FeatureCollection');
      expect(fc.features).toHaveLength(expected);
      expect(fc.features[0].geometry.type).toBe('Polygon');
      expect(fc.features[0].properties.code).toBe(community.code);
    });

    it('exports the grid ledger as CSV and XLSX', async () => {
      const csv = await get('commander', '/api/v1/grids/ledger.csv');
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
      expect(lines[0]).toMatch(/^网格编码 Code,/);
      expect(lines.length).toBeGreaterThan(320);
      const xlsx = await get('commander', '/api/v1/grids/ledger.xlsx');
      expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    });
  });

  describe('people responsible', () => {
    it('stores phones encrypted and shows them masked for every role, the command too; in full only by the reveal', async () => {
      const worker = await get('worker', `/api/v1/grids/${workerGrid.id}/staff`);
      expect(worker.body.head).not.toBeNull();
      expect(worker.body.head.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
      expect(worker.body.head.phoneMasked).toBe(true);
      const commander = await get('commander', `/api/v1/grids/${workerGrid.id}/staff`);
      expect(commander.body.head).toMatchObject({ phone: worker.body.head.phone, phoneMasked: true }); // issue 20 item 8
      const revealed = await suite.http().post(`/api/v1/staff/${commander.body.head.staffId}/reveal-phone`).set(await auth('commander')).send({ reason: '联系网格长核实情况' }).expect(200);
      expect(revealed.body.phone).toMatch(/^1\d{10}$/);
      const ds = await suite.dataSource('grid-registry');
      const [row] = await ds.query(`SELECT phone_enc FROM registry.staff WHERE id = $1`, [commander.body.head.staffId]);
      expect(row.phone_enc).toMatch(/^v2:demo-grid-registry:/); // the registry's own key, named by its id
      expect(row.phone_enc).not.toContain(revealed.body.phone);
    });

    it('keeps exactly one current head per grid and reports grids without one', async () => {
      // The grids created by the tests above have no head yet; the demo street has none missing.
      const base = (await get('commander', '/api/v1/grids/gaps')).body;
      expect(base.grids.every((x: { code: string }) => !city.grids.some((d) => d.code === x.code))).toBe(true);
      const g = byPath.get(`${STREET}.c06.g2_01`)!;
      const staff = await get('commander', `/api/v1/grids/${g.id}/staff`);
      await suite.http().delete(`/api/v1/staff-assignments/${staff.body.head.assignmentId}`).set(await auth('organisation')).expect(200);
      const gaps = await get('commander', '/api/v1/grids/gaps');
      expect(gaps.body.total).toBe(base.total + 1);
      expect(gaps.body.byLevel.compound).toBe(base.byLevel.compound + 1);
      expect(gaps.body.grids.map((x: { id: string }) => x.id)).toContain(g.id);

      const street = city.grids.find((x) => x.level === 'street')!;
      const person = await suite.http().post('/api/v1/staff').set(await auth('commander')).send({ name: '新网格长', phone: '13912345678', homeGridId: street.id }).expect(201);
      expect(person.body).toMatchObject({ phone: '139****5678', phoneMasked: true }); // the creator's answer is masked too
      await suite.http().post(`/api/v1/grids/${g.id}/staff`).set(await auth('commander')).send({ staffId: person.body.id, role: 'grid_head' }).expect(201);
      expect((await get('commander', '/api/v1/grids/gaps')).body.total).toBe(base.total);
      const second = await suite.http().post(`/api/v1/grids/${g.id}/staff`).set(await auth('commander')).send({ staffId: staff.body.head.staffId, role: 'grid_head' }).expect(409);
      expect(second.body.code).toBe('REGISTRY_GRID_HAS_HEAD');
      const handover = await suite.http().post(`/api/v1/grids/${g.id}/staff`).set(await auth('commander')).send({ staffId: staff.body.head.staffId, role: 'grid_head', replace: true }).expect(201);
      expect(handover.body.assignments.some((a: { gridId: string; role: string }) => a.gridId === g.id && a.role === 'grid_head')).toBe(true);
      const now = await get('commander', `/api/v1/grids/${g.id}/staff`);
      expect(now.body.head.staffId).toBe(staff.body.head.staffId);
      expect(now.body.members.filter((m: { role: string }) => m.role === 'grid_head')).toHaveLength(1);
      // the district finds the same person by the phone's keyed hash, masked
      const masked = await get('district', `/api/v1/staff?phone=13912345678`);
      expect(masked.body.items[0].phone).toBe('139****5678');
    });

    it('answers which departments are linked to a grid through its level-2 grid, and who answers for it', async () => {
      const link = city.departmentLinks[0];
      const cluster = city.grids.find((g) => g.parentId === link.gridId)!;
      const res = await get('commander', `/api/v1/grids/${cluster.id}/departments`);
      const dep = res.body.departments.find((d: { departmentId: string }) => d.departmentId === link.departmentId);
      expect(dep).toBeDefined();
      expect(dep.viaGridId).toBe(link.gridId);
      expect(dep.secondedStaff.map((s: { staffId: string }) => s.staffId)).toContain(link.personId);
      const resp = await get('commander', `/api/v1/grids/${cluster.id}/responsibles`);
      expect(resp.body.heads.map((h: { gridLevel: string }) => h.gridLevel)).toEqual(['building_cluster', 'compound', 'community']);
      expect(resp.body.departments.length).toBeGreaterThan(0);
    });

    it('checks the party-organisation size rule and reports mismatches', async () => {
      const report = await get('commander', '/api/v1/party-organisations/mismatches');
      expect(report.body.items.length).toBe(report.body.mismatches);
      for (const o of report.body.items) expect(o.kind).not.toBe(o.expectedKind);
      const expected = city.partyOrgs.filter((o) => o.kind !== (o.members >= 100 ? 'committee' : o.members >= 50 ? 'general_branch' : 'branch')).length;
      expect(report.body.mismatches).toBe(expected);
      const community = byPath.get(`${STREET}.c07`)!;
      const wrong = await suite.http().post('/api/v1/party-organisations').set(await auth('organisation')).send({ gridId: community.id, kind: 'branch', name: '测试党支部', members: 120 }).expect(400);
      expect(wrong.body.code).toBe('REGISTRY_PARTY_ORG_KIND_MISMATCH');
      expect(wrong.body.details.expectedKind).toBe('committee');
      const made = await suite.http().post('/api/v1/party-organisations').set(await auth('organisation')).send({ gridId: community.id, kind: 'general_branch', name: '测试党总支', members: 60 }).expect(201);
      expect(made.body.mismatch).toBe(false);
      const shrunk = await suite.http().patch(`/api/v1/party-organisations/${made.body.id}`).set(await auth('organisation')).send({ members: 30 }).expect(200);
      expect(shrunk.body).toMatchObject({ mismatch: true, expectedKind: 'branch' });
      const pledge = await suite.http().post(`/api/v1/party-organisations/${made.body.id}/commitments`).set(await auth('organisation')).send({ memberName: '王某', content: '每周参加一次网格巡查', year: 2014 }).expect(201);
      await suite.http().post(`/api/v1/party-commitments/${pledge.body.id}/fulfil`).set(await auth('organisation')).send({ note: '全年参加巡查52次' }).expect(200);
      const again = await suite.http().post(`/api/v1/party-commitments/${pledge.body.id}/fulfil`).set(await auth('organisation')).send({ note: '再次' }).expect(409);
      expect(again.body.code).toBe('ILLEGAL_TRANSITION');
    });

    it('lists volunteers with their teams, and buildings inside their level-3 grid', async () => {
      const vols = await get('commander', '/api/v1/grid-volunteers?limit=20');
      expect(vols.body.items.length).toBe(20);
      expect(vols.body.items.some((v: { teams: unknown[] }) => v.teams.length > 0)).toBe(true);
      const teams = await get('commander', '/api/v1/grid-volunteer-teams');
      expect(teams.body.items.length).toBe(city.volunteerTeams.length);
      const p = centre(workerGrid);
      const b = await suite.http().post('/api/v1/buildings').set(await auth('organisation')).send({ gridId: workerGrid.id, name: '测试楼', kind: 'residential', units: 2, floors: 6, households: 24, point: p }).expect(201);
      expect(b.body.gridPath).toBe(workerGrid.path);
      const outside = await suite.http().post('/api/v1/buildings').set(await auth('organisation')).send({ gridId: workerGrid.id, name: '外面的楼', kind: 'residential', units: 2, floors: 6, households: 24, point: { lng: 118.9, lat: 32.2 } }).expect(400);
      expect(outside.body.code).toBe('REGISTRY_POINT_OUTSIDE_GRID');
    });
  });
});
