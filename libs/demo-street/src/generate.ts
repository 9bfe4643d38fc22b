// The generator. Each street is built from its own PRNG streams keyed by (seed, district, street,
// purpose), so a street comes out the same whether generated alone, in a city, or streamed, and
// asking for detail (people, buildings...) never changes the grids.
import {
  CITY,
  DEPARTMENT_SPECS,
  DistrictSpec,
  LIAISON_DEPARTMENT_CODE,
  NANJING_DISTRICTS,
  SECONDED_STAFF_PER_STREET,
  SYNTHETIC_DISTRICT_SHORTS,
  VOLUNTEER_TEAM_SPECS,
} from './catalogue';
import {
  cityCode,
  clusterCode,
  clusterLabel,
  communityCode,
  communityLabel,
  compoundCode,
  compoundLabel,
  districtCode,
  streetCode,
} from './codes';
import { geoPoint, gridLayout, IRect, pointInGrid, rectPolygon, splitRect } from './geometry';
import { demoId, gridId } from './ids';
import {
  ClusterKind,
  expectedPartyOrgKind,
  GridClass,
  GridGrade,
  MERGE_THRESHOLD_HOUSEHOLDS,
  PARTY_ORG_KIND_LABELS,
  PartyOrgKind,
  PERSON_ROLE_GROUP,
  PersonRole,
} from './labels';
import {
  BAOTAQIAO_COMMUNITIES,
  BAOTAQIAO_ROADS,
  BAOTAQIAO_STREET_NAME,
  clinicName,
  cnNumber,
  communityName,
  COMMUNITY_STEMS,
  compoundName,
  enterpriseName,
  Gender,
  mergeReason,
  personName,
  phoneNumber,
  randomSurname,
  restaurantName,
  roadsForStem,
  schoolName,
  shopName,
  STREET_STEMS,
  STREET_SUFFIXES,
} from './names';
import { createRng, hashSeed, Rng } from './rng';
import type {
  Building,
  City,
  CityOptions,
  DemoAccountsScope,
  Department,
  DepartmentLink,
  Grid,
  GridAssignment,
  Organisation,
  PartyOrg,
  Person,
  StreetData,
  VolunteerTeam,
} from './types';

// ---- the shape every street shares (DOMAIN §3, Baotaqiao) -------------------------------------
export const STREET_SHAPE = {
  communities: 12, // 一级网格
  compounds: 68, // 二级网格
  clusters: 247, // 三级网格
  compoundsPerCommunity: [4, 7],
  clustersPerCompound: [2, 6],
} as const;

export const DEFAULT_SEED = 122;

/** The demo street's box around Baotaqiao, Nanjing, in 1e-7° units: lng 118.745–118.795, lat 32.095–32.125. */
export const BAOTAQIAO_BOX: Readonly<IRect> = { x0: 1187450000, y0: 320950000, x1: 1187950000, y1: 321250000 };
const STREET_W = BAOTAQIAO_BOX.x1 - BAOTAQIAO_BOX.x0;
const STREET_H = BAOTAQIAO_BOX.y1 - BAOTAQIAO_BOX.y0;
// Scaled city layout: streets in rows of 10 inside a district, districts in rows of 4 inside the
// city, all from the demo street's south-west corner, so street (0, 0) is always the Baotaqiao box.
const STREETS_PER_ROW = 10;
const DISTRICTS_PER_ROW = 4;

const MAX_DISTRICTS = NANJING_DISTRICTS.length + 81; // synthetic admin codes 320119..320199
const MAX_STREETS = 998;
const PERSONS_PER_STREET_MAX = 5000; // phone-number ordinal space per street

// ---- small helpers -----------------------------------------------------------------------------

/** Splits `total` into n integers within [min, max] at random (total must be reachable). */
function distribute(total: number, n: number, min: number, max: number, rng: Rng): number[] {
  if (total < n * min || total > n * max) throw new RangeError(`cannot split ${total} into ${n} × [${min}, ${max}]`);
  const out = new Array<number>(n).fill(min);
  let left = total - n * min;
  const open: number[] = [];
  for (let i = 0; i < n; i++) open.push(i);
  while (left > 0) {
    const k = Math.floor(rng.next() * open.length);
    const i = open[k];
    out[i]++;
    left--;
    if (out[i] === max) {
      open[k] = open[open.length - 1];
      open.pop();
    }
  }
  return out;
}

const streetRng = (seed: number, d: number, s: number, purpose: string): Rng => createRng(hashSeed(seed, 'street', d, s, purpose));

// ---- districts and layout ---------------------------------------------------------------------

interface DistrictInfo extends DistrictSpec {
  index: number;
  code: string;
  id: string;
  path: string;
}

function districtInfo(d: number): DistrictInfo {
  let spec: DistrictSpec;
  if (d < NANJING_DISTRICTS.length) spec = NANJING_DISTRICTS[d];
  else {
    const k = d - NANJING_DISTRICTS.length;
    const short = k < SYNTHETIC_DISTRICT_SHORTS.length ? SYNTHETIC_DISTRICT_SHORTS[k] : `第${k + 1}`;
    spec = { adminCode: String(320119 + k), name: `${short}区`, short, label: `d${String(d + 1).padStart(2, '0')}` };
  }
  const code = districtCode(spec.adminCode);
  return { ...spec, index: d, code, id: gridId(code), path: `${CITY.label}.${spec.label}` };
}

/** 3-digit street number: 宝塔桥街道 keeps 012 (an illustrative number), the others fill around it. */
function streetNumber(d: number, s: number): number {
  if (d !== 0) return s + 1;
  if (s === 0) return 12;
  return s <= 11 ? s : s + 1;
}

function streetName(seed: number, d: number, s: number): { name: string; stem: string } {
  if (d === 0 && s === 0) return { name: BAOTAQIAO_STREET_NAME, stem: '宝塔桥' };
  // Walk the stem × suffix table from a seeded offset with a stride coprime to its size, so names
  // are unique within a district; the suffix is rotated per stem so neighbours differ in both.
  const space = STREET_STEMS.length * STREET_SUFFIXES.length;
  const idx = (hashSeed(seed, 'street-names', d) + s * 7) % space;
  const stem = STREET_STEMS[idx % STREET_STEMS.length];
  const suffix = STREET_SUFFIXES[(Math.floor(idx / STREET_STEMS.length) + idx) % STREET_SUFFIXES.length];
  const lap = Math.floor(s / space); // only past 240 streets in one district: add 二/三... to stay unique
  return { name: stem + (lap ? cnNumber(lap + 1) : '') + suffix, stem };
}

interface Layout {
  city: IRect;
  districts: IRect[];
  streets: IRect[][];
}

function layout(districts: number, streetsPerDistrict: number): Layout {
  const sCols = Math.min(streetsPerDistrict, STREETS_PER_ROW);
  const sRows = Math.ceil(streetsPerDistrict / sCols);
  const dCols = Math.min(districts, DISTRICTS_PER_ROW);
  const dRows = Math.ceil(districts / dCols);
  const city: IRect = {
    x0: BAOTAQIAO_BOX.x0,
    y0: BAOTAQIAO_BOX.y0,
    x1: BAOTAQIAO_BOX.x0 + dCols * sCols * STREET_W,
    y1: BAOTAQIAO_BOX.y0 + dRows * sRows * STREET_H,
  };
  const dBoxes = gridLayout(city, districts, DISTRICTS_PER_ROW);
  return { city, districts: dBoxes, streets: dBoxes.map((b) => gridLayout(b, streetsPerDistrict, STREETS_PER_ROW)) };
}

function normaliseOptions(opts: CityOptions = {}): Required<CityOptions> {
  const o = { districts: opts.districts ?? 1, streetsPerDistrict: opts.streetsPerDistrict ?? 1, seed: opts.seed ?? DEFAULT_SEED, detail: opts.detail ?? true };
  if (!Number.isInteger(o.districts) || o.districts < 1 || o.districts > MAX_DISTRICTS) throw new RangeError(`districts must be an integer in 1..${MAX_DISTRICTS}`);
  if (!Number.isInteger(o.streetsPerDistrict) || o.streetsPerDistrict < 1 || o.streetsPerDistrict > MAX_STREETS) throw new RangeError(`streetsPerDistrict must be an integer in 1..${MAX_STREETS}`);
  if (!Number.isFinite(o.seed)) throw new RangeError('seed must be a number');
  return o;
}

// ---- street shape: counts and households (cheap; needed for every grid's totals) --------------

interface ShapeBuilding {
  units: number;
  floors: number;
  households: number;
}
interface ShapeCluster {
  kind: ClusterKind;
  buildings: ShapeBuilding[];
  households: number;
}
interface ShapeCompound {
  /** Built as a merger of small compounds (kept under 300 households). */
  small: boolean;
  clusters: ShapeCluster[];
  households: number;
  buildings: number;
  shopfronts: number;
}
interface ShapeCommunity {
  compounds: ShapeCompound[];
  households: number;
  buildings: number;
  shopfronts: number;
}
interface StreetShape {
  communities: ShapeCommunity[];
  households: number;
  buildings: number;
  shopfronts: number;
}

const FLOORS = [5, 6, 7, 11, 18, 26];
const FLOORS_W = [0.2, 0.45, 0.15, 0.07, 0.09, 0.04];

function residentialBuilding(rng: Rng, small: boolean): ShapeBuilding {
  // Old walk-ups: 2-4 units (单元), 2 flats a floor; high-rises: 1-2 units, 4 flats a floor.
  const floors = small ? rng.int(4, 6) : rng.weightedPick(FLOORS, FLOORS_W);
  const units = small ? rng.int(1, 2) : floors <= 7 ? rng.int(2, 4) : rng.int(1, 2);
  const perFloor = floors <= 7 ? 2 : 4;
  const households = Math.max(1, Math.round(units * floors * perFloor * rng.float(0.85, 1)));
  return { units, floors, households };
}

function streetShape(seed: number, d: number, s: number): StreetShape {
  const rng = streetRng(seed, d, s, 'shape');
  const perCommunity = distribute(STREET_SHAPE.compounds, STREET_SHAPE.communities, ...STREET_SHAPE.compoundsPerCommunity, rng);
  const perCompound = distribute(STREET_SHAPE.clusters, STREET_SHAPE.compounds, ...STREET_SHAPE.clustersPerCompound, rng);
  let k = 0;
  const communities: ShapeCommunity[] = [];
  const street = { households: 0, buildings: 0, shopfronts: 0 };
  for (const nCompounds of perCommunity) {
    const community: ShapeCommunity = { compounds: [], households: 0, buildings: 0, shopfronts: 0 };
    for (let c = 0; c < nCompounds; c++) {
      const nClusters = perCompound[k++];
      // Two-cluster compounds are often the merged small ones (不足300户合并).
      const small = nClusters === 2 && rng.chance(0.6);
      const shopCluster = !small && nClusters >= 3 && rng.chance(0.3) ? nClusters - 1 : -1;
      const compound: ShapeCompound = { small, clusters: [], households: 0, buildings: 0, shopfronts: 0 };
      for (let j = 0; j < nClusters; j++) {
        const buildings: ShapeBuilding[] = [];
        let kind: ClusterKind = 'residential';
        if (j === shopCluster) {
          kind = 'shopfront'; // 5-10 shopfronts (门面房); some shopkeepers live behind the shop
          const n = rng.int(5, 10);
          for (let b = 0; b < n; b++) buildings.push({ units: 1, floors: rng.int(1, 2), households: rng.chance(0.3) ? 1 : 0 });
        } else {
          const n = small ? 3 : rng.int(3, 5); // 3-5 residential buildings
          for (let b = 0; b < n; b++) buildings.push(residentialBuilding(rng, small));
        }
        let households = 0;
        for (const b of buildings) households += b.households;
        compound.clusters.push({ kind, buildings, households });
        compound.households += households;
        compound.buildings += buildings.length;
        if (kind === 'shopfront') compound.shopfronts += buildings.length;
      }
      community.compounds.push(compound);
      community.households += compound.households;
      community.buildings += compound.buildings;
      community.shopfronts += compound.shopfronts;
    }
    communities.push(community);
    street.households += community.households;
    street.buildings += community.buildings;
    street.shopfronts += community.shopfronts;
  }
  return { communities, ...street };
}

// ---- grids ------------------------------------------------------------------------------------

function makeGrid(
  code: string,
  name: string,
  level: Grid['level'],
  path: string,
  parentId: string | null,
  rect: IRect,
  totals: { households: number; buildings: number; shopfronts: number },
): Grid {
  return {
    id: gridId(code),
    code,
    name,
    level,
    levelNo: level === 'community' ? 1 : level === 'compound' ? 2 : level === 'building_cluster' ? 3 : null,
    path,
    parentId,
    polygon: rectPolygon(rect),
    households: totals.households,
    buildings: totals.buildings,
    shopfronts: totals.shopfronts,
    gridClass: null,
    grade: null,
    mergeReason: null,
    clusterKind: null,
  };
}

const GRADE_WEIGHTS: Readonly<Record<GridClass, readonly number[]>> = {
  jia: [0.5, 0.4, 0.1], // commercial housing: mostly closed compounds with property management
  yi: [0.35, 0.5, 0.15],
  bing: [0.15, 0.45, 0.4],
};
const GRADES: readonly GridGrade[] = ['A', 'B', 'C'];

interface StreetCtx {
  seed: number;
  d: number;
  s: number;
  district: DistrictInfo;
  number: number;
  code: string;
  id: string;
  path: string;
  name: string;
  stem: string;
  box: IRect;
}

function streetCtx(seed: number, district: DistrictInfo, s: number, box: IRect): StreetCtx {
  const d = district.index;
  const number = streetNumber(d, s);
  const code = streetCode(district.adminCode, number);
  const label = d === 0 && s === 0 ? 'btq' : `s${String(number).padStart(3, '0')}`;
  const { name, stem } = streetName(seed, d, s);
  return { seed, d, s, district, number, code, id: gridId(code), path: `${district.path}.${label}`, name, stem, box };
}

/** Internal per-cluster record the detail pass needs (grid + its shape + its first building number). */
interface ClusterRef {
  grid: Grid;
  shape: ShapeCluster;
  firstNumber: number;
  compound: CompoundRef;
}
interface CompoundRef {
  grid: Grid;
  shape: ShapeCompound;
  clusters: ClusterRef[];
  community: CommunityRef;
}
interface CommunityRef {
  grid: Grid;
  stem: string;
  compounds: CompoundRef[];
}
interface StreetGrids {
  street: Grid;
  grids: Grid[];
  communities: CommunityRef[];
  shape: StreetShape;
}

function buildStreetGrids(ctx: StreetCtx, shape: StreetShape = streetShape(ctx.seed, ctx.d, ctx.s)): StreetGrids {
  const attrs = streetRng(ctx.seed, ctx.d, ctx.s, 'attrs');
  const geo = streetRng(ctx.seed, ctx.d, ctx.s, 'geo');
  const adm = ctx.district.adminCode;
  const street = makeGrid(ctx.code, ctx.name, 'street', ctx.path, ctx.district.id, ctx.box, shape);
  const grids: Grid[] = [street];
  const communities: CommunityRef[] = [];

  const isDemo = ctx.d === 0 && ctx.s === 0;
  const stems = isDemo ? BAOTAQIAO_COMMUNITIES.map((c) => c.stem) : attrs.sample(COMMUNITY_STEMS, STREET_SHAPE.communities);
  const roads = isDemo ? BAOTAQIAO_ROADS : roadsForStem(ctx.stem);
  const usedNames = new Set<string>();

  // Communities tile the street; their areas are random (factories, parks, rail yards differ).
  const cWeights = shape.communities.map(() => geo.float(0.6, 1.4));
  const cRects = splitRect(ctx.box, cWeights, geo, 0.1);

  shape.communities.forEach((cs, ci) => {
    const cNo = ci + 1;
    const gridClass: GridClass = isDemo ? BAOTAQIAO_COMMUNITIES[ci].gridClass : attrs.weightedPick<GridClass>(['jia', 'yi', 'bing'], [0.3, 0.25, 0.45]);
    const cName = isDemo ? BAOTAQIAO_COMMUNITIES[ci].name : communityName(stems[ci], attrs);
    const cGrid = makeGrid(communityCode(adm, ctx.number, cNo), cName, 'community', `${ctx.path}.${communityLabel(cNo)}`, street.id, cRects[ci], cs);
    cGrid.gridClass = gridClass;
    grids.push(cGrid);
    const cRef: CommunityRef = { grid: cGrid, stem: stems[ci], compounds: [] };
    communities.push(cRef);

    // Compounds tile the community, clusters tile the compound; area follows building counts.
    const kRects = splitRect(cRects[ci], cs.compounds.map((k) => k.buildings + 2), geo);
    cs.compounds.forEach((ks, ki) => {
      const kNo = ki + 1;
      const kGrid = makeGrid(compoundCode(adm, ctx.number, cNo, kNo), compoundName(stems[ci], gridClass, ki, attrs, usedNames, roads), 'compound', `${cGrid.path}.${compoundLabel(kNo)}`, cGrid.id, kRects[ki], ks);
      kGrid.grade = ks.small ? attrs.weightedPick(GRADES, [0, 0.4, 0.6]) : attrs.weightedPick(GRADES, GRADE_WEIGHTS[gridClass]);
      if (ks.households < MERGE_THRESHOLD_HOUSEHOLDS) kGrid.mergeReason = mergeReason(stems[ci], ks.households, attrs, usedNames);
      grids.push(kGrid);
      const kRef: CompoundRef = { grid: kGrid, shape: ks, clusters: [], community: cRef };
      cRef.compounds.push(kRef);

      const jRects = splitRect(kRects[ki], ks.clusters.map((j) => (j.kind === 'shopfront' ? 0.6 : 1) * j.buildings.length), geo);
      let resNo = 1; // residential buildings numbered through the compound (1号楼...)
      let shopNo = 1; // shopfronts numbered separately (沿街商铺1号...)
      ks.clusters.forEach((js, ji) => {
        const jNo = ji + 1;
        const n = js.buildings.length;
        const first = js.kind === 'shopfront' ? shopNo : resNo;
        const last = first + n - 1;
        const name = js.kind === 'shopfront' ? `沿街商铺${first}-${last}号` : n === 1 ? `${first}号楼` : `${first}-${last}号楼`;
        if (js.kind === 'shopfront') shopNo += n;
        else resNo += n;
        const jGrid = makeGrid(clusterCode(adm, ctx.number, cNo, kNo, jNo), name, 'building_cluster', `${kGrid.path}.${clusterLabel(jNo)}`, kGrid.id, jRects[ji], {
          households: js.households,
          buildings: n,
          shopfronts: js.kind === 'shopfront' ? n : 0,
        });
        jGrid.clusterKind = js.kind;
        grids.push(jGrid);
        kRef.clusters.push({ grid: jGrid, shape: js, firstNumber: first, compound: kRef });
      });
    });
  });
  return { street, grids, communities, shape };
}

// ---- departments ------------------------------------------------------------------------------

function buildDepartments(district: DistrictInfo): Department[] {
  return DEPARTMENT_SPECS.map((spec) => ({
    id: demoId('department', `${district.adminCode}:${spec.code}`),
    code: spec.code,
    name: spec.name,
    fullName: spec.fullName.replace('{d}', district.name).replace('{s}', district.short),
    districtCode: district.adminCode,
    districtGridId: district.id,
    keyAreas: [...spec.keyAreas],
  }));
}

// ---- detail: buildings, organisations, people, party, volunteers ----------------------------

const X_ROLE_LIST: readonly PersonRole[] = ['assistant', 'patrol', 'mass_work', 'office_staff'];
const X_ROLE_W = [0.45, 0.25, 0.2, 0.1];
const Y_ROLE_LIST: readonly PersonRole[] = ['building_head', 'security_guard', 'property_staff', 'party_volunteer', 'active_retiree'];
const Y_ROLE_W_RES = [0.3, 0.15, 0.15, 0.2, 0.2];
const Y_ROLE_W_SHOP = [0, 0.3, 0.3, 0.2, 0.2]; // no building heads on a row of shops

function buildDetail(ctx: StreetCtx, sg: StreetGrids, departments: Department[]): Omit<StreetData, 'districtIndex' | 'streetIndex' | 'street' | 'grids' | 'departments'> {
  const rng = streetRng(ctx.seed, ctx.d, ctx.s, 'detail');
  const street9 = ctx.code.slice(0, 9);
  const phoneSalt = hashSeed(ctx.seed, 'phone');
  const streetOrdinal = ctx.d * 1000 + ctx.s;

  const buildings: Building[] = [];
  const organisations: Organisation[] = [];
  const people: Person[] = [];
  const assignments: GridAssignment[] = [];
  const departmentLinks: DepartmentLink[] = [];
  const partyOrgs: PartyOrg[] = [];
  const heads = new Map<string, string>(); // gridId -> head personId
  const yVolunteers: string[] = [];

  let seq = 0;
  const newPerson = (partyP: number, departmentId: string | null = null, r: Rng = rng): Person => {
    if (seq >= PERSONS_PER_STREET_MAX) throw new RangeError('too many people in one street');
    const gender: Gender = r.chance(0.5) ? 'male' : 'female';
    const p: Person = {
      id: demoId('person', `${street9}:${seq}`),
      name: personName(r, gender),
      gender,
      phone: phoneNumber(streetOrdinal * PERSONS_PER_STREET_MAX + seq, phoneSalt),
      partyMember: r.chance(partyP),
      streetId: sg.street.id,
      departmentId,
    };
    seq++;
    people.push(p);
    return p;
  };
  const assign = (gridId: string, personId: string, role: PersonRole, departmentId: string | null = null): GridAssignment => {
    const a: GridAssignment = { gridId, personId, role, group: PERSON_ROLE_GROUP[role], departmentId };
    assignments.push(a);
    return a;
  };
  const head = (grid: Grid): void => {
    const p = newPerson(0.8);
    assign(grid.id, p.id, 'grid_head');
    heads.set(grid.id, p.id);
  };
  let orgSeq = 0;
  const newOrg = (grid: Grid, kind: Organisation['kind'], name: string, point: Building['point'], buildingId: string | null = null): void => {
    organisations.push({ id: demoId('org', `${street9}:${orgSeq++}`), gridId: grid.id, buildingId, kind, name, point });
  };

  for (const c of sg.communities) {
    head(c.grid);
    const communityClusters: ClusterRef[] = [];
    const xHere: { a: GridAssignment; cluster: number }[] = [];
    for (const k of c.compounds) {
      head(k.grid);
      for (const j of k.clusters) {
        communityClusters.push(j);
        head(j.grid);
        // Buildings / shopfronts (楼栋 / 门面房).
        j.shape.buildings.forEach((b, bi) => {
          const n = j.firstNumber + bi;
          const shop = j.shape.kind === 'shopfront';
          const building: Building = {
            id: demoId('building', `${j.grid.code}:${bi + 1}`),
            gridId: j.grid.id,
            name: shop ? `${k.grid.name}沿街商铺${n}号` : `${k.grid.name}${n}栋`,
            kind: j.shape.kind,
            point: geoPoint(pointInGrid(j.grid, rng)),
            units: b.units,
            floors: b.floors,
            households: b.households,
          };
          buildings.push(building);
          if (shop) {
            const surname = randomSurname(rng);
            if (rng.chance(0.6)) newOrg(j.grid, 'shop', shopName(rng, surname), building.point, building.id);
            else newOrg(j.grid, 'restaurant', restaurantName(rng, surname), building.point, building.id);
          }
        });
        // X: assistants and staff (1-3); Y: the six members (2-4).
        const nx = rng.weightedPick([1, 2, 3], [0.3, 0.5, 0.2]);
        for (let i = 0; i < nx; i++) {
          const role = rng.weightedPick(X_ROLE_LIST, X_ROLE_W);
          xHere.push({ a: assign(j.grid.id, newPerson(0.4).id, role), cluster: communityClusters.length - 1 });
        }
        const ny = rng.int(2, 4);
        for (let i = 0; i < ny; i++) {
          const role = i === 0 && j.shape.kind === 'residential' ? 'building_head' : rng.weightedPick(Y_ROLE_LIST, j.shape.kind === 'residential' ? Y_ROLE_W_RES : Y_ROLE_W_SHOP);
          const p = newPerson(role === 'party_volunteer' ? 1 : 0.15);
          assign(j.grid.id, p.id, role);
          if (role === 'party_volunteer' || role === 'active_retiree' || rng.chance(0.3)) yVolunteers.push(p.id);
        }
      }
      // Some compounds host an enterprise (驻区单位).
      if (!k.shape.small && rng.chance(0.2)) {
        const j = rng.pick(k.clusters);
        newOrg(j.grid, 'enterprise', enterpriseName(rng), geoPoint(pointInGrid(j.grid, rng)));
      }
    }
    // About 10% of X members also serve the next cluster of their community (一人多格).
    for (const { a, cluster } of xHere) {
      if (!rng.chance(0.1)) continue;
      const other = communityClusters[(cluster + 1) % communityClusters.length];
      assign(other.grid.id, a.personId, a.role);
    }
    // A health station in every community, schools and private clinics in some.
    const spot = (): ClusterRef => rng.pick(communityClusters);
    let j = spot();
    newOrg(j.grid, 'clinic', `${c.grid.name}卫生服务站`, geoPoint(pointInGrid(j.grid, rng)));
    if (rng.chance(0.3)) {
      j = spot();
      newOrg(j.grid, 'clinic', clinicName(rng, randomSurname(rng)), geoPoint(pointInGrid(j.grid, rng)));
    }
    if (rng.chance(0.6)) {
      j = spot();
      newOrg(j.grid, 'school', schoolName(rng, c.stem), geoPoint(pointInGrid(j.grid, rng)));
    }
  }

  // Seconded staff (下沉人员): 66 per street, two from each department and one from the last four;
  // each is linked to one or two level-2 grids so every compound has at least one department.
  const compounds = sg.communities.flatMap((c) => c.compounds);
  const staff: { person: Person; department: Department }[] = [];
  departments.forEach((dep, i) => {
    const n = i < SECONDED_STAFF_PER_STREET - departments.length ? 2 : 1;
    for (let k = 0; k < n; k++) staff.push({ person: newPerson(0.7, dep.id), department: dep });
  });
  const order = rng.shuffle(compounds.slice());
  const link = (st: { person: Person; department: Department }, k: CompoundRef): void => {
    assign(k.grid.id, st.person.id, 'seconded_staff', st.department.id);
    departmentLinks.push({ departmentId: st.department.id, gridId: k.grid.id, personId: st.person.id });
  };
  order.forEach((k, i) => link(staff[i % staff.length], k));
  staff.forEach((st, i) => {
    // A quarter also cover a neighbouring compound of the same community.
    if (i < order.length - staff.length || !rng.chance(0.25)) return; // the first ones already have two
    const first = order[i];
    const siblings = first.community.compounds.filter((k) => k !== first);
    link(st, rng.pick(siblings));
  });

  // Party organisations: a branch per compound, a committee / general branch per community.
  // Exactly two break the size rule on purpose, for the demo's mismatch report.
  const branchMembers = compounds.map(() => rng.int(12, 45));
  const oddBranch = rng.int(0, compounds.length - 1);
  branchMembers[oddBranch] = rng.int(52, 68); // big enough for a general branch, still a branch
  let bi = 0;
  const communityMembers = sg.communities.map((c) => {
    let m = rng.int(5, 30); // members attached directly to the community organisation
    for (let i = 0; i < c.compounds.length; i++) m += branchMembers[bi++];
    return m;
  });
  const oddCommunity = rng.int(0, sg.communities.length - 1);
  const partyOrg = (grid: Grid, kind: PartyOrgKind, members: number): PartyOrg => ({
    id: demoId('party_org', grid.code),
    gridId: grid.id,
    kind,
    name: grid.name + PARTY_ORG_KIND_LABELS[kind],
    members,
    secretaryId: heads.get(grid.id) as string,
  });
  bi = 0;
  sg.communities.forEach((c, ci) => {
    const members = communityMembers[ci];
    let kind = expectedPartyOrgKind(members);
    if (ci === oddCommunity) kind = kind === 'committee' ? 'general_branch' : 'committee';
    partyOrgs.push(partyOrg(c.grid, kind, members));
    for (const k of c.compounds) partyOrgs.push(partyOrg(k.grid, 'branch', branchMembers[bi++]));
  });

  // Volunteer teams (志愿者队伍): 13 per street; every team gets at least three Y members.
  const volunteerTeams: VolunteerTeam[] = VOLUNTEER_TEAM_SPECS.map((t) => ({
    id: demoId('volunteer_team', `${street9}:${t.code}`),
    streetId: sg.street.id,
    code: t.code,
    name: t.name,
    special: t.special,
    memberIds: [],
  }));
  const teamWeights = volunteerTeams.map((t) => (t.special ? 2 : 1));
  rng.shuffle(yVolunteers).forEach((pid, i) => {
    if (i < volunteerTeams.length * 3) {
      volunteerTeams[i % volunteerTeams.length].memberIds.push(pid);
      return;
    }
    const first = rng.weightedPick(volunteerTeams, teamWeights);
    first.memberIds.push(pid);
    if (rng.chance(0.2)) {
      const second = rng.weightedPick(volunteerTeams, teamWeights);
      if (second !== first) second.memberIds.push(pid);
    }
  });

  // Issue 25: full teams on level-1 and level-2 grids, drawn last from their own random stream so
  // every earlier person, post and id stays as it was. Each community gets Beijing's seven forces
  // (七种力量): the party-branch secretary is its head (一肩挑), the six others are people of
  // their own; each compound gets an assistant (X, 网格助理).
  const teams = streetRng(ctx.seed, ctx.d, ctx.s, 'teams');
  for (const c of sg.communities) {
    assign(c.grid.id, heads.get(c.grid.id) as string, 'party_secretary');
    for (const role of SIX_FORCES) assign(c.grid.id, newPerson(role === 'grid_supervisor' ? 0.9 : 0.5, null, teams).id, role);
    for (const k of c.compounds) assign(k.grid.id, newPerson(0.4, null, teams).id, 'assistant');
  }

  return { buildings, organisations, people, assignments, departmentLinks, partyOrgs, volunteerTeams };
}

/** The seven forces (七种力量) but the party-branch secretary, who is the community's head. */
const SIX_FORCES: readonly PersonRole[] = ['grid_manager', 'grid_assistant', 'grid_supervisor', 'police_officer', 'judicial_worker', 'firefighter'];

// ---- public API ------------------------------------------------------------------------------

const emptyDetail = (): Pick<StreetData, 'buildings' | 'organisations' | 'people' | 'assignments' | 'departmentLinks' | 'partyOrgs' | 'volunteerTeams'> => ({
  buildings: [],
  organisations: [],
  people: [],
  assignments: [],
  departmentLinks: [],
  partyOrgs: [],
  volunteerTeams: [],
});

/**
 * Streams the city street by street (memory stays at one street). Each item holds the street's
 * grids and, with `detail` (default true), its people, buildings and the rest.
 */
export function* iterateStreets(opts: CityOptions = {}): Generator<StreetData> {
  const o = normaliseOptions(opts);
  const lay = layout(o.districts, o.streetsPerDistrict);
  for (let d = 0; d < o.districts; d++) {
    const district = districtInfo(d);
    const departments = buildDepartments(district);
    for (let s = 0; s < o.streetsPerDistrict; s++) {
      const ctx = streetCtx(o.seed, district, s, lay.streets[d][s]);
      const sg = buildStreetGrids(ctx);
      const detail = o.detail ? buildDetail(ctx, sg, departments) : emptyDetail();
      yield { districtIndex: d, streetIndex: s, street: sg.street, grids: sg.grids, departments, ...detail };
    }
  }
}

function districtGrid(district: DistrictInfo, cityId: string, rect: IRect, totals: { households: number; buildings: number; shopfronts: number }): Grid {
  return makeGrid(district.code, district.name, 'district', district.path, cityId, rect, totals);
}
function cityGrid(rect: IRect, totals: { households: number; buildings: number; shopfronts: number }): Grid {
  return makeGrid(cityCode(CITY.adminCode), CITY.name, 'city', CITY.label, null, rect, totals);
}

/**
 * Streams every grid, parents before children: the city, then each district followed by all grids
 * of its streets. No people or buildings are built; city and district totals come from a cheap
 * first pass over the streets' counts.
 */
export function* iterateGrids(opts: CityOptions = {}): Generator<Grid> {
  const o = normaliseOptions(opts);
  const lay = layout(o.districts, o.streetsPerDistrict);
  const dTotals: { households: number; buildings: number; shopfronts: number }[] = [];
  const cTotals = { households: 0, buildings: 0, shopfronts: 0 };
  for (let d = 0; d < o.districts; d++) {
    const t = { households: 0, buildings: 0, shopfronts: 0 };
    for (let s = 0; s < o.streetsPerDistrict; s++) {
      const sh = streetShape(o.seed, d, s);
      t.households += sh.households;
      t.buildings += sh.buildings;
      t.shopfronts += sh.shopfronts;
    }
    dTotals.push(t);
    cTotals.households += t.households;
    cTotals.buildings += t.buildings;
    cTotals.shopfronts += t.shopfronts;
  }
  const city = cityGrid(lay.city, cTotals);
  yield city;
  for (let d = 0; d < o.districts; d++) {
    const district = districtInfo(d);
    yield districtGrid(district, city.id, lay.districts[d], dTotals[d]);
    for (let s = 0; s < o.streetsPerDistrict; s++) {
      yield* buildStreetGrids(streetCtx(o.seed, district, s, lay.streets[d][s])).grids;
    }
  }
}

/**
 * The whole city in memory: city > districts > streets (each the Baotaqiao shape: 12 communities,
 * 68 compounds, 247 building clusters) plus, with `detail`, everything on the grids.
 * 10 districts × 40 streets is ~130k grids; pass detail: false when only grids are needed.
 */
export function generateCity(opts: CityOptions = {}): City {
  const o = normaliseOptions(opts);
  const lay = layout(o.districts, o.streetsPerDistrict);
  const city: City = { options: o, grids: [], buildings: [], organisations: [], people: [], assignments: [], departments: [], departmentLinks: [], partyOrgs: [], volunteerTeams: [] };
  const cityId = gridId(cityCode(CITY.adminCode));
  const cTotals = { households: 0, buildings: 0, shopfronts: 0 };
  city.grids.push(undefined as unknown as Grid); // the city grid goes first once its totals are known
  const append = <T>(into: T[], from: readonly T[]): void => {
    for (const x of from) into.push(x); // not push(...from): spreads overflow the stack on big arrays
  };
  for (let d = 0; d < o.districts; d++) {
    const district = districtInfo(d);
    const departments = buildDepartments(district);
    append(city.departments, departments);
    const slot = city.grids.length;
    city.grids.push(undefined as unknown as Grid);
    const t = { households: 0, buildings: 0, shopfronts: 0 };
    for (let s = 0; s < o.streetsPerDistrict; s++) {
      const ctx = streetCtx(o.seed, district, s, lay.streets[d][s]);
      const sg = buildStreetGrids(ctx);
      t.households += sg.shape.households;
      t.buildings += sg.shape.buildings;
      t.shopfronts += sg.shape.shopfronts;
      append(city.grids, sg.grids);
      if (o.detail) {
        const det = buildDetail(ctx, sg, departments);
        append(city.buildings, det.buildings);
        append(city.organisations, det.organisations);
        append(city.people, det.people);
        append(city.assignments, det.assignments);
        append(city.departmentLinks, det.departmentLinks);
        append(city.partyOrgs, det.partyOrgs);
        append(city.volunteerTeams, det.volunteerTeams);
      }
    }
    city.grids[slot] = districtGrid(district, cityId, lay.districts[d], t);
    cTotals.households += t.households;
    cTotals.buildings += t.buildings;
    cTotals.shopfronts += t.shopfronts;
  }
  city.grids[0] = cityGrid(lay.city, cTotals);
  return city;
}

/** The single demo street (宝塔桥街道, 鼓楼区, 南京市) with its city and district grids and all detail. */
export function demoStreet(seed: number = DEFAULT_SEED): City {
  return generateCity({ districts: 1, streetsPerDistrict: 1, seed, detail: true });
}

/** Paths and ids the demo accounts are scoped to (street centre, a grid worker, a department liaison). */
export function demoAccountsScope(seed: number = DEFAULT_SEED): DemoAccountsScope {
  const city = demoStreet(seed);
  const street = city.grids.find((g) => g.level === 'street') as Grid;
  const community = city.grids.find((g) => g.level === 'community') as Grid;
  const cluster = city.grids.find((g) => g.level === 'building_cluster' && g.clusterKind === 'residential') as Grid;
  const headOf = city.assignments.find((a) => a.gridId === cluster.id && a.role === 'grid_head') as GridAssignment;
  const worker = city.people.find((p) => p.id === headOf.personId) as Person;
  const dep = city.departments.find((d) => d.code === LIAISON_DEPARTMENT_CODE) as Department;
  const liaison = city.people.find((p) => p.departmentId === dep.id) as Person;
  const linked = new Set(city.departmentLinks.filter((l) => l.personId === liaison.id).map((l) => l.gridId));
  return {
    cityPath: city.grids[0].path,
    districtPath: city.grids[1].path,
    streetPath: street.path,
    streetId: street.id,
    communityPath: community.path,
    communityName: community.name,
    gridWorker: { path: cluster.path, gridId: cluster.id, code: cluster.code, personId: worker.id, personName: worker.name },
    liaison: {
      departmentCode: dep.code,
      departmentId: dep.id,
      departmentName: dep.name,
      personId: liaison.id,
      personName: liaison.name,
      gridPaths: city.grids.filter((g) => linked.has(g.id)).map((g) => g.path),
    },
  };
}
