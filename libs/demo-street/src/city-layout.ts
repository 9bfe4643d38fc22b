// The city's layout: the shape every street shares, districts (Nanjing's, then synthetic ones),
// street numbers and names, and where each street's box lies; a street's own PRNG streams.
import { CITY, DistrictSpec, NANJING_DISTRICTS, SYNTHETIC_DISTRICT_SHORTS } from './catalogue';
import { districtCode } from './codes';
import { gridLayout, IRect } from './geometry';
import { gridId } from './ids';
import { BAOTAQIAO_STREET_NAME, cnNumber, STREET_STEMS, STREET_SUFFIXES } from './names';
import { createRng, hashSeed, Rng } from './rng';
import type { CityOptions } from './types';

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
export const PERSONS_PER_STREET_MAX = 5000; // phone-number ordinal space per street

export const streetRng = (seed: number, d: number, s: number, purpose: string): Rng => createRng(hashSeed(seed, 'street', d, s, purpose));

// ---- districts and layout ---------------------------------------------------------------------

export interface DistrictInfo extends DistrictSpec {
  index: number;
  code: string;
  id: string;
  path: string;
}

export function districtInfo(d: number): DistrictInfo {
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
export function streetNumber(d: number, s: number): number {
  if (d !== 0) return s + 1;
  if (s === 0) return 12;
  return s <= 11 ? s : s + 1;
}

export function streetName(seed: number, d: number, s: number): { name: string; stem: string } {
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

export function layout(districts: number, streetsPerDistrict: number): Layout {
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

export function normaliseOptions(opts: CityOptions = {}): Required<CityOptions> {
  const o = { districts: opts.districts ?? 1, streetsPerDistrict: opts.streetsPerDistrict ?? 1, seed: opts.seed ?? DEFAULT_SEED, detail: opts.detail ?? true };
  if (!Number.isInteger(o.districts) || o.districts < 1 || o.districts > MAX_DISTRICTS) throw new RangeError(`districts must be an integer in 1..${MAX_DISTRICTS}`);
  if (!Number.isInteger(o.streetsPerDistrict) || o.streetsPerDistrict < 1 || o.streetsPerDistrict > MAX_STREETS) throw new RangeError(`streetsPerDistrict must be an integer in 1..${MAX_STREETS}`);
  if (!Number.isFinite(o.seed)) throw new RangeError('seed must be a number');
  return o;
}
