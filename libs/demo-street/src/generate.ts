// The generator. Each street is built from its own PRNG streams keyed by (seed, district, street,
// purpose), so a street comes out the same whether generated alone, in a city, or streamed, and
// asking for detail (people, buildings...) never changes the grids. The parts: city-layout,
// street-shape, street-grids, street-detail.
import { CITY, LIAISON_DEPARTMENT_CODE } from './catalogue';
import { cityCode } from './codes';
import { IRect } from './geometry';
import { gridId } from './ids';
import { communityName, personName } from './names';
import type { City, CityOptions, DemoAccountsScope, Department, Grid, GridAssignment, Person, StreetData } from './types';
import { DEFAULT_SEED, districtInfo, DistrictInfo, layout, normaliseOptions } from './city-layout';
import { buildDepartments, buildDetail } from './street-detail';
import { buildStreetGrids, makeGrid, streetCtx } from './street-grids';
import { addTotals, noTotals, streetShape, Totals } from './street-shape';

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

function districtGrid(district: DistrictInfo, cityId: string, rect: IRect, totals: Totals): Grid {
  return makeGrid(district.code, district.name, 'district', district.path, cityId, rect, totals);
}
function cityGrid(rect: IRect, totals: Totals): Grid {
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
  const dTotals: Totals[] = [];
  const cTotals = noTotals();
  for (let d = 0; d < o.districts; d++) {
    const t = noTotals();
    for (let s = 0; s < o.streetsPerDistrict; s++) {
      addTotals(t, streetShape(o.seed, d, s));
    }
    dTotals.push(t);
    addTotals(cTotals, t);
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
  const cTotals = noTotals();
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
    const t = noTotals();
    for (let s = 0; s < o.streetsPerDistrict; s++) {
      const ctx = streetCtx(o.seed, district, s, lay.streets[d][s]);
      const sg = buildStreetGrids(ctx);
      addTotals(t, sg.shape);
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
    addTotals(cTotals, t);
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
