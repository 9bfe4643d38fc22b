import { v5 as uuidv5 } from 'uuid';
import {
  BAOTAQIAO_BOX,
  centroid,
  City,
  createRng,
  DEMO_NAMESPACE,
  demoAccountsScope,
  demoStreet,
  expectedPartyOrgKind,
  generateCity,
  GRID_CLASS_LABELS,
  Grid,
  gridId,
  iterateGrids,
  iterateStreets,
  KEY_AREA_CODES,
  LTREE_LABEL,
  parseGridCode,
  pickKeyArea,
  pointInGrid,
  polygonArea,
  QINLING_LEDGER,
  uuidv5 as fastUuidv5,
} from './index';

// Independent even-odd point-in-polygon (deliberately not the library's) for the tiling checks.
function inside(pt: [number, number], g: Grid): boolean {
  const [x, y] = pt;
  let c = false;
  for (const ring of g.polygon.coordinates) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
    }
  }
  return c;
}

const byLevel = (city: City, level: Grid['level']): Grid[] => city.grids.filter((g) => g.level === level);

describe('demo street (宝塔桥街道)', () => {
  const city = demoStreet();
  const street = byLevel(city, 'street')[0];
  const communities = byLevel(city, 'community');
  const compounds = byLevel(city, 'compound');
  const clusters = byLevel(city, 'building_cluster');
  const gridsById = new Map(city.grids.map((g) => [g.id, g]));
  const childrenOf = (g: Grid): Grid[] => city.grids.filter((c) => c.parentId === g.id);

  it('has the Baotaqiao shape: 1 city, 1 district, 1 street, 12 / 68 / 247 grids', () => {
    expect(byLevel(city, 'city')).toHaveLength(1);
    expect(byLevel(city, 'district')).toHaveLength(1);
    expect(street.name).toBe('宝塔桥街道');
    expect(street.path).toBe('nj.gulou.btq');
    expect(byLevel(city, 'district')[0]).toMatchObject({ name: '鼓楼区', path: 'nj.gulou', code: '320106000000000' });
    expect(byLevel(city, 'city')[0]).toMatchObject({ name: '南京市', path: 'nj', parentId: null });
    expect(communities).toHaveLength(12);
    expect(compounds).toHaveLength(68);
    expect(clusters).toHaveLength(247);
    for (const c of communities) expect(childrenOf(c).length).toBeGreaterThanOrEqual(4);
    for (const c of communities) expect(childrenOf(c).length).toBeLessThanOrEqual(7);
    for (const k of compounds) expect(childrenOf(k).length).toBeGreaterThanOrEqual(2);
    for (const k of compounds) expect(childrenOf(k).length).toBeLessThanOrEqual(6);
    expect(communities.map((c) => c.levelNo)).toEqual(Array(12).fill(1));
    expect(new Set(compounds.map((c) => c.levelNo))).toEqual(new Set([2]));
    expect(new Set(clusters.map((c) => c.levelNo))).toEqual(new Set([3]));
  });

  it('codes are 15 digits, unique, nested in their parent and parse back to their level', () => {
    const codes = city.grids.map((g) => g.code);
    for (const c of codes) expect(c).toMatch(/^\d{15}$/);
    expect(new Set(codes).size).toBe(codes.length);
    for (const g of city.grids) expect(parseGridCode(g.code).level).toBe(g.level);
    for (const g of [...communities, ...compounds, ...clusters]) {
      const parent = gridsById.get(g.parentId as string) as Grid;
      const keep = g.level === 'community' ? 9 : 12;
      expect(g.code.slice(0, keep)).toBe(parent.code.slice(0, keep));
    }
    expect(street.code).toBe('320106012000000');
    expect(communities[0].code).toBe('320106012001000');
    // A cluster's hundreds digit is its compound number + 1.
    for (const j of clusters) {
      const k = gridsById.get(j.parentId as string) as Grid;
      expect(Number(j.code[12])).toBe(Number(k.code.slice(13)) + 1);
    }
  });

  it('paths are unique, valid ltree and follow the tree', () => {
    const paths = city.grids.map((g) => g.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const g of city.grids) {
      for (const label of g.path.split('.')) expect(label).toMatch(LTREE_LABEL);
      if (g.parentId) {
        const parent = gridsById.get(g.parentId) as Grid;
        expect(g.path.startsWith(parent.path + '.')).toBe(true);
        expect(g.path.split('.')).toHaveLength(parent.path.split('.').length + 1);
      }
    }
    expect(clusters[0].path).toBe('nj.gulou.btq.c01.g2_01.g3_01');
  });

  it('ids are uuid v5 of the code (same as the uuid package)', () => {
    for (const g of city.grids) expect(g.id).toBe(uuidv5(g.code, DEMO_NAMESPACE));
    expect(gridId('320106012000000')).toBe(street.id);
    const rng = createRng(7);
    for (let i = 0; i < 300; i++) {
      const s = `k${i}:${'宝塔桥'.repeat(rng.int(0, 30))}${'x'.repeat(rng.int(0, 80))}`;
      expect(fastUuidv5(s, DEMO_NAMESPACE)).toBe(uuidv5(s, DEMO_NAMESPACE));
    }
  });

  it('every parent is its parents before children, and parents are listed first', () => {
    const seen = new Set<string>();
    for (const g of city.grids) {
      if (g.parentId) expect(seen.has(g.parentId)).toBe(true);
      seen.add(g.id);
    }
  });

  it('classes, grades and merges: compounds under 300 households carry a merge reason', () => {
    for (const c of communities) expect(Object.keys(GRID_CLASS_LABELS)).toContain(c.gridClass);
    for (const k of compounds) expect(['A', 'B', 'C']).toContain(k.grade);
    const small = compounds.filter((k) => k.households < 300);
    expect(small.length).toBeGreaterThan(0);
    for (const k of small) expect(k.mergeReason).toMatch(/不足300户.*合并/);
    for (const g of [...communities, ...clusters]) expect(g.mergeReason).toBeNull();
    for (const g of city.grids.filter((x) => x.level !== 'community')) expect(g.gridClass).toBeNull();
  });

  it('household and building counts add up through the tree', () => {
    for (const g of city.grids.filter((x) => x.level !== 'building_cluster')) {
      const kids = childrenOf(g);
      expect(kids.reduce((s, k) => s + k.households, 0)).toBe(g.households);
      expect(kids.reduce((s, k) => s + k.buildings, 0)).toBe(g.buildings);
    }
    for (const j of clusters) {
      const bs = city.buildings.filter((b) => b.gridId === j.id);
      expect(bs).toHaveLength(j.buildings);
      expect(bs.reduce((s, b) => s + b.households, 0)).toBe(j.households);
      if (j.clusterKind === 'residential') expect(bs.length).toBeGreaterThanOrEqual(3);
      if (j.clusterKind === 'residential') expect(bs.length).toBeLessThanOrEqual(5);
      if (j.clusterKind === 'shopfront') expect(bs.length).toBeGreaterThanOrEqual(5);
      if (j.clusterKind === 'shopfront') expect(bs.length).toBeLessThanOrEqual(10);
    }
    expect(street.households).toBeGreaterThan(20000);
  });

  it('geometry: closed counter-clockwise rings, 7 decimals, inside the Baotaqiao box', () => {
    for (const g of city.grids) {
      const ring = g.polygon.coordinates[0];
      expect(g.polygon.type).toBe('Polygon');
      expect(ring[0]).toEqual(ring[ring.length - 1]);
      let signed = 0;
      for (let i = 0; i + 1 < ring.length; i++) signed += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
      expect(signed).toBeGreaterThan(0);
      for (const [lng, lat] of ring) {
        expect(Math.round(lng * 1e7) / 1e7).toBe(lng);
        expect(Math.round(lat * 1e7) / 1e7).toBe(lat);
        expect(lng).toBeGreaterThanOrEqual(118.745);
        expect(lng).toBeLessThanOrEqual(118.795);
        expect(lat).toBeGreaterThanOrEqual(32.095);
        expect(lat).toBeLessThanOrEqual(32.125);
      }
    }
  });

  it('tiling: each level covers the street exactly (areas sum, random points hit exactly one grid)', () => {
    const streetArea = polygonArea(street);
    for (const level of [communities, compounds, clusters]) {
      const sum = level.reduce((s, g) => s + polygonArea(g), 0);
      expect(Math.abs(sum - streetArea) / streetArea).toBeLessThan(1e-9);
    }
    for (const g of [...communities, ...compounds]) {
      const sum = childrenOf(g).reduce((s, k) => s + polygonArea(k), 0);
      expect(Math.abs(sum - polygonArea(g)) / polygonArea(g)).toBeLessThan(1e-9);
    }
    const rng = createRng(2024);
    for (let i = 0; i < 3000; i++) {
      const pt: [number, number] = [rng.float(118.745, 118.795), rng.float(32.095, 32.125)];
      const hits = clusters.filter((j) => inside(pt, j));
      expect(hits).toHaveLength(1);
      // ...and that cluster's ancestors contain the point too.
      let g: Grid | undefined = hits[0];
      while (g && g.level !== 'street') {
        expect(inside(pt, g)).toBe(true);
        g = gridsById.get(g.parentId as string);
      }
    }
  });

  it('pointInGrid returns points strictly inside; centroid lies inside', () => {
    const rng = createRng(5);
    for (const j of clusters.slice(0, 50)) {
      for (let i = 0; i < 20; i++) expect(inside(pointInGrid(j, rng), j)).toBe(true);
      expect(inside(centroid(j), j)).toBe(true);
    }
    // Any () => number source works too.
    const p = pointInGrid(street.polygon, () => 0.5);
    expect(inside(p, street)).toBe(true);
  });

  it('buildings and organisations stand inside their level-3 grid', () => {
    for (const b of city.buildings) expect(inside(b.point.coordinates, gridsById.get(b.gridId) as Grid)).toBe(true);
    for (const o of city.organisations) expect(inside(o.point.coordinates, gridsById.get(o.gridId) as Grid)).toBe(true);
    for (const o of city.organisations) expect((gridsById.get(o.gridId) as Grid).level).toBe('building_cluster');
    const kinds = new Set(city.organisations.map((o) => o.kind));
    expect(kinds).toEqual(new Set(['shop', 'restaurant', 'enterprise', 'school', 'clinic']));
    expect(city.buildings.some((b) => /^.+\d+栋$/.test(b.name))).toBe(true);
  });

  it('1+X+Y: every level-1/2/3 grid has exactly one head; level-3 grids have X and Y members', () => {
    for (const g of [...communities, ...compounds, ...clusters]) {
      expect(city.assignments.filter((a) => a.gridId === g.id && a.role === 'grid_head')).toHaveLength(1);
    }
    for (const j of clusters) {
      const here = city.assignments.filter((a) => a.gridId === j.id);
      expect(here.some((a) => a.group === 'x')).toBe(true);
      expect(here.some((a) => a.group === 'y')).toBe(true);
    }
    // About 10% of X members serve two grids.
    const xGrids = new Map<string, number>();
    for (const a of city.assignments.filter((x) => x.group === 'x')) xGrids.set(a.personId, (xGrids.get(a.personId) ?? 0) + 1);
    const twice = [...xGrids.values()].filter((n) => n === 2).length / xGrids.size;
    expect(twice).toBeGreaterThan(0.04);
    expect(twice).toBeLessThan(0.2);
  });

  it('people have Chinese names and unique 11-digit mobile numbers', () => {
    for (const p of city.people) {
      expect(p.name).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
      expect(p.phone).toMatch(/^1[3-9]\d{9}$/);
    }
    expect(new Set(city.people.map((p) => p.phone)).size).toBe(city.people.length);
    expect(new Set(city.people.map((p) => p.id)).size).toBe(city.people.length);
  });

  it('35 departments, 66 seconded staff, every compound linked to a department (条块)', () => {
    expect(city.departments).toHaveLength(35);
    expect(new Set(city.departments.map((d) => d.code)).size).toBe(35);
    for (const d of city.departments) expect(d.code).toMatch(/^[a-z_]+$/);
    const seconded = city.people.filter((p) => p.departmentId);
    expect(seconded).toHaveLength(66);
    const linked = new Set(city.departmentLinks.map((l) => l.gridId));
    for (const k of compounds) expect(linked.has(k.id)).toBe(true);
    for (const l of city.departmentLinks) {
      expect((gridsById.get(l.gridId) as Grid).level).toBe('compound');
      expect(city.people.find((p) => p.id === l.personId)?.departmentId).toBe(l.departmentId);
    }
  });

  it('party organisations: one per community and compound, exactly two breaking the size rule', () => {
    expect(city.partyOrgs).toHaveLength(12 + 68);
    for (const c of communities) expect(['committee', 'general_branch']).toContain(city.partyOrgs.find((p) => p.gridId === c.id)?.kind);
    for (const k of compounds) expect(city.partyOrgs.find((p) => p.gridId === k.id)?.kind).toBe('branch');
    expect(city.partyOrgs.filter((p) => p.kind !== expectedPartyOrgKind(p.members))).toHaveLength(2);
    const heads = new Set(city.assignments.filter((a) => a.role === 'grid_head').map((a) => a.personId));
    for (const p of city.partyOrgs) expect(heads.has(p.secretaryId)).toBe(true);
  });

  it('13 volunteer teams (4 special) made of Y members', () => {
    expect(city.volunteerTeams).toHaveLength(13);
    expect(city.volunteerTeams.filter((t) => t.special).map((t) => t.name)).toEqual(['爱心助老队', '法律援助队', '治安巡逻队', '环境卫生队']);
    const y = new Set(city.assignments.filter((a) => a.group === 'y').map((a) => a.personId));
    for (const t of city.volunteerTeams) {
      expect(t.memberIds.length).toBeGreaterThanOrEqual(3);
      for (const id of t.memberIds) expect(y.has(id)).toBe(true);
    }
  });

  it('is deterministic, and the seed matters', () => {
    expect(JSON.stringify(demoStreet())).toBe(JSON.stringify(city));
    const other = demoStreet(7);
    expect(byLevel(other, 'building_cluster')).toHaveLength(247);
    expect(JSON.stringify(other.grids)).not.toBe(JSON.stringify(city.grids));
    // The code <-> path scheme does not depend on the seed (only how many grids each parent has).
    const pathByCode = new Map(city.grids.map((g) => [g.code, g.path]));
    for (const g of other.grids) if (pathByCode.has(g.code)) expect(g.path).toBe(pathByCode.get(g.code));
    expect(byLevel(other, 'community').map((g) => g.path)).toEqual(communities.map((g) => g.path));
  });

  it('detail does not change the grids', () => {
    expect(JSON.stringify(generateCity({ detail: false }).grids)).toBe(JSON.stringify(city.grids));
  });

  it('demoAccountsScope points into the demo street', () => {
    const scope = demoAccountsScope();
    expect(scope.streetPath).toBe('nj.gulou.btq');
    const cluster = city.grids.find((g) => g.path === scope.gridWorker.path) as Grid;
    expect(cluster.level).toBe('building_cluster');
    expect(city.assignments.some((a) => a.gridId === cluster.id && a.personId === scope.gridWorker.personId && a.role === 'grid_head')).toBe(true);
    expect(scope.liaison.departmentCode).toBe('urban_management');
    expect(city.departments.find((d) => d.id === scope.liaison.departmentId)?.name).toBe('城管局');
    expect(scope.liaison.gridPaths.length).toBeGreaterThan(0);
  });
});

describe('scaled city', () => {
  const opts = { districts: 3, streetsPerDistrict: 4, seed: 9 };
  const city = generateCity(opts);

  it('repeats the street shape with unique codes, paths and ids', () => {
    expect(byLevel(city, 'district').map((d) => d.path)).toEqual(['nj.gulou', 'nj.xuanwu', 'nj.qinhuai']);
    expect(byLevel(city, 'street')).toHaveLength(12);
    expect(byLevel(city, 'building_cluster')).toHaveLength(12 * 247);
    for (const key of ['code', 'path', 'id'] as const) expect(new Set(city.grids.map((g) => g[key])).size).toBe(city.grids.length);
    for (const d of byLevel(city, 'district')) {
      const names = city.grids.filter((g) => g.parentId === d.id).map((g) => g.name);
      expect(new Set(names).size).toBe(4); // street names are unique within a district
    }
    expect(city.departments).toHaveLength(3 * 35);
    expect(new Set(city.people.map((p) => p.phone)).size).toBe(city.people.length);
  });

  it('streets tile the city without overlap; street (0,0) is the Baotaqiao box', () => {
    const streets = byLevel(city, 'street');
    const cityGrid = byLevel(city, 'city')[0];
    const sum = streets.reduce((s, g) => s + polygonArea(g), 0);
    expect(Math.abs(sum - polygonArea(cityGrid)) / polygonArea(cityGrid)).toBeLessThan(1e-9);
    const [w, s, e, n] = [BAOTAQIAO_BOX.x0, BAOTAQIAO_BOX.y0, BAOTAQIAO_BOX.x1, BAOTAQIAO_BOX.y1].map((v) => v / 1e7);
    expect(streets[0].polygon.coordinates[0]).toEqual([[w, s], [e, s], [e, n], [w, n], [w, s]]);
    const rng = createRng(3);
    const ring = cityGrid.polygon.coordinates[0];
    for (let i = 0; i < 500; i++) {
      const pt: [number, number] = [rng.float(ring[0][0], ring[2][0]), rng.float(ring[0][1], ring[2][1])];
      expect(streets.filter((g) => inside(pt, g))).toHaveLength(1);
    }
  });

  it('a street is the same whether generated alone or in a city', () => {
    const alone = demoStreet(9);
    const inCity = city.grids.filter((g) => g.path.startsWith('nj.gulou.btq'));
    expect(JSON.stringify(inCity)).toBe(JSON.stringify(alone.grids.filter((g) => g.path.startsWith('nj.gulou.btq'))));
  });

  it('iterateGrids and iterateStreets stream the same grids as generateCity', () => {
    expect(JSON.stringify([...iterateGrids(opts)])).toBe(JSON.stringify(city.grids));
    const streamed = [...iterateStreets(opts)];
    expect(streamed).toHaveLength(12);
    expect(streamed.reduce((s, x) => s + x.people.length, 0)).toBe(city.people.length);
    expect(JSON.stringify(streamed.flatMap((x) => x.grids))).toBe(JSON.stringify(city.grids.filter((g) => !['city', 'district'].includes(g.level))));
  });

  // How fast the city streams is the benchmark's to measure (its generator phase), not a timed assertion here.
  it('streams ~100k level-3 grids (10 districts × 40 streets) one at a time', () => {
    let l3 = 0;
    let all = 0;
    for (const g of iterateGrids({ districts: 10, streetsPerDistrict: 40 })) {
      all++;
      if (g.levelNo === 3) l3++;
    }
    expect(l3).toBe(10 * 40 * 247);
    expect(all).toBe(1 + 10 + 400 * (1 + 12 + 68 + 247));
  }, 300_000);

  it('rejects options outside the code scheme', () => {
    expect(() => generateCity({ districts: 0 })).toThrow(RangeError);
    expect(() => generateCity({ streetsPerDistrict: 1000 })).toThrow(RangeError);
  });
});

describe('rng, ledger, codes', () => {
  it('createRng is deterministic and its helpers stay in range', () => {
    const a = createRng(122);
    const b = createRng(122);
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
    const r = createRng('seed');
    for (let i = 0; i < 1000; i++) {
      const n = r.int(3, 5);
      expect(n >= 3 && n <= 5 && Number.isInteger(n)).toBe(true);
    }
    expect(r.weightedPick(['a', 'b'], [0, 1])).toBe('b');
    expect(r.chance(0)).toBe(false);
    expect(r.chance(1)).toBe(true);
    expect(['x', 'y']).toContain(r.pick(['x', 'y']));
    expect(r.fork('a').next()).toBe(createRng('seed').fork('a').next());
  });

  it('QINLING_LEDGER holds the seed-002 ledger under the agreed codes', () => {
    expect(Object.keys(QINLING_LEDGER)).toEqual(KEY_AREA_CODES);
    expect(QINLING_LEDGER.illegal_business).toEqual({ found: 220, solved: 219 });
    expect(QINLING_LEDGER.illegal_construction).toEqual({ found: 181, solved: 171 });
    const rng = createRng(1);
    const counts = new Map<string, number>();
    for (let i = 0; i < 5000; i++) {
      const k = pickKeyArea(rng);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    expect(KEY_AREA_CODES).toContain([...counts.keys()][0]);
    expect(counts.get('illegal_business')).toBeGreaterThan(counts.get('illegal_production') as number);
  });

  it('parseGridCode reads the scheme', () => {
    expect(parseGridCode('320106012003000')).toMatchObject({ level: 'community', street: 12, community: 3 });
    expect(parseGridCode('320106012003102')).toMatchObject({ level: 'compound', compound: 2 });
    expect(parseGridCode('320106012003305')).toMatchObject({ level: 'building_cluster', compound: 2, cluster: 5 });
    expect(parseGridCode('320100000000000').level).toBe('city');
    expect(() => parseGridCode('12345')).toThrow();
  });
});
