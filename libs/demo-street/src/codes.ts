// Grid code scheme: 15 digits = district admin code (6) + street (3) + community (3) + grid (3).
//   city        320100 000 000 000   (city admin code, rest zero)
//   district    320106 000 000 000
//   street      320106 012 000 000   (宝塔桥街道 = 012 in the demo)
//   community   320106 012 003 000   (一级网格: grid part 000)
//   compound    320106 012 003 1kk   (二级网格: 101..108, kk = compound number in the community)
//   cluster     320106 012 003 Mjj   (三级网格: M = kk + 1 (2..9), jj = cluster number in its compound)
// So the hundreds digit tells the level and which compound a cluster belongs to: clusters of 101
// are 201.., of 102 are 301.. Limits: <= 8 compounds per community, <= 99 clusters per compound.
import type { GridLevel } from './labels';

export const MAX_COMPOUNDS_PER_COMMUNITY = 8;
export const MAX_CLUSTERS_PER_COMPOUND = 99;

const pad3 = (n: number): string => String(n).padStart(3, '0');

export function cityCode(cityAdminCode: string): string {
  return cityAdminCode + '000000000';
}
export function districtCode(adminCode: string): string {
  return adminCode + '000000000';
}
export function streetCode(adminCode: string, street: number): string {
  return adminCode + pad3(street) + '000000';
}
/** community is 1-based. */
export function communityCode(adminCode: string, street: number, community: number): string {
  return adminCode + pad3(street) + pad3(community) + '000';
}
/** compound is the 1-based compound number within its community. */
export function compoundCode(adminCode: string, street: number, community: number, compound: number): string {
  if (compound < 1 || compound > MAX_COMPOUNDS_PER_COMMUNITY) throw new RangeError(`compound number ${compound} out of 1..8`);
  return adminCode + pad3(street) + pad3(community) + pad3(100 + compound);
}
/** cluster is the 1-based cluster number within its compound. */
export function clusterCode(adminCode: string, street: number, community: number, compound: number, cluster: number): string {
  if (compound < 1 || compound > MAX_COMPOUNDS_PER_COMMUNITY) throw new RangeError(`compound number ${compound} out of 1..8`);
  if (cluster < 1 || cluster > MAX_CLUSTERS_PER_COMPOUND) throw new RangeError(`cluster number ${cluster} out of 1..99`);
  return adminCode + pad3(street) + pad3(community) + pad3((compound + 1) * 100 + cluster);
}

export interface ParsedGridCode {
  level: GridLevel;
  districtAdminCode: string;
  street: number;
  community: number;
  /** Compound number in its community (for compounds and clusters), else 0. */
  compound: number;
  /** Cluster number in its compound (clusters only), else 0. */
  cluster: number;
}

/** Inverse of the builders above; throws on anything that is not a 15-digit code of this scheme. */
export function parseGridCode(code: string): ParsedGridCode {
  if (!/^\d{15}$/.test(code)) throw new TypeError(`grid code must be 15 digits: ${code}`);
  const districtAdminCode = code.slice(0, 6);
  const street = Number(code.slice(6, 9));
  const community = Number(code.slice(9, 12));
  const g = Number(code.slice(12, 15));
  const base = { districtAdminCode, street, community, compound: 0, cluster: 0 };
  if (street === 0) {
    if (community !== 0 || g !== 0) throw new TypeError(`bad grid code: ${code}`);
    return { ...base, level: districtAdminCode.endsWith('00') ? 'city' : 'district' };
  }
  if (community === 0) {
    if (g !== 0) throw new TypeError(`bad grid code: ${code}`);
    return { ...base, level: 'street' };
  }
  if (g === 0) return { ...base, level: 'community' };
  const hundreds = Math.floor(g / 100);
  const rest = g % 100;
  if (hundreds === 1 && rest >= 1 && rest <= MAX_COMPOUNDS_PER_COMMUNITY) return { ...base, level: 'compound', compound: rest };
  if (hundreds >= 2 && rest >= 1) return { ...base, level: 'building_cluster', compound: hundreds - 1, cluster: rest };
  throw new TypeError(`bad grid code: ${code}`);
}

/** ltree label rules used for paths (PostgreSQL ltree allows more, we keep to lowercase ASCII). */
export const LTREE_LABEL = /^[a-z0-9_]{1,256}$/;
export const communityLabel = (community: number): string => `c${String(community).padStart(2, '0')}`;
export const compoundLabel = (compound: number): string => `g2_${String(compound).padStart(2, '0')}`;
export const clusterLabel = (cluster: number): string => `g3_${String(cluster).padStart(2, '0')}`;
