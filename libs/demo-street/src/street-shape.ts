// A street's shape: how many communities, compounds, clusters and buildings, and their households
// (cheap; every grid's totals need it, detail or not).
import { ClusterKind } from './labels';
import { Rng } from './rng';
import { STREET_SHAPE, streetRng } from './city-layout';

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

// ---- street shape: counts and households (cheap; needed for every grid's totals) --------------

/** What a grid counts of its area (户数, 楼栋, 门面房), summed up the tree from the clusters. */
export interface Totals {
  households: number;
  buildings: number;
  shopfronts: number;
}
export const noTotals = (): Totals => ({ households: 0, buildings: 0, shopfronts: 0 });
/** Adds a child's totals to its parent's. */
export function addTotals(into: Totals, from: Totals): void {
  into.households += from.households;
  into.buildings += from.buildings;
  into.shopfronts += from.shopfronts;
}

interface ShapeBuilding {
  units: number;
  floors: number;
  households: number;
}
export interface ShapeCluster {
  kind: ClusterKind;
  buildings: ShapeBuilding[];
  households: number;
}
export interface ShapeCompound extends Totals {
  /** Built as a merger of small compounds (kept under 300 households). */
  small: boolean;
  clusters: ShapeCluster[];
}
interface ShapeCommunity extends Totals {
  compounds: ShapeCompound[];
}
export interface StreetShape extends Totals {
  communities: ShapeCommunity[];
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

export function streetShape(seed: number, d: number, s: number): StreetShape {
  const rng = streetRng(seed, d, s, 'shape');
  const perCommunity = distribute(STREET_SHAPE.compounds, STREET_SHAPE.communities, ...STREET_SHAPE.compoundsPerCommunity, rng);
  const perCompound = distribute(STREET_SHAPE.clusters, STREET_SHAPE.compounds, ...STREET_SHAPE.clustersPerCompound, rng);
  let k = 0;
  const communities: ShapeCommunity[] = [];
  const street = noTotals();
  for (const nCompounds of perCommunity) {
    const community: ShapeCommunity = { compounds: [], ...noTotals() };
    for (let c = 0; c < nCompounds; c++) {
      const nClusters = perCompound[k++];
      // Two-cluster compounds are often the merged small ones (不足300户合并).
      const small = nClusters === 2 && rng.chance(0.6);
      const shopCluster = !small && nClusters >= 3 && rng.chance(0.3) ? nClusters - 1 : -1;
      const compound: ShapeCompound = { small, clusters: [], ...noTotals() };
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
      addTotals(community, compound);
    }
    communities.push(community);
    addTotals(street, community);
  }
  return { communities, ...street };
}
