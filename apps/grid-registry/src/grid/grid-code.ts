import { GridLevel } from '@grid122/contracts';

/**
 * The 15-digit grid code of the digital city-management standard: district admin code (6) +
 * street (3) + community (3) + grid (3). Below a community the grid part says the level:
 * compounds 1kk (kk = 01..08), building clusters Mjj with M = kk + 1 (the compound they belong to)
 * and jj = 01..99. The same scheme as @grid122/demo-street, so demo and live codes agree.
 */
export const LEVEL_ORDER: GridLevel[] = [
  GridLevel.City,
  GridLevel.District,
  GridLevel.Street,
  GridLevel.Community,
  GridLevel.Compound,
  GridLevel.BuildingCluster,
];

export const levelIndex = (l: GridLevel): number => LEVEL_ORDER.indexOf(l);
export const childLevelOf = (l: GridLevel): GridLevel | null => LEVEL_ORDER[levelIndex(l) + 1] ?? null;

const pad3 = (n: number) => String(n).padStart(3, '0');
const pad2 = (n: number) => String(n).padStart(2, '0');

/** How many leading digits a child's code shares with its parent's. */
export function sharedPrefixLength(level: GridLevel): number {
  switch (level) {
    case GridLevel.District:
      return 4; // same province and city
    case GridLevel.Street:
      return 6;
    case GridLevel.Community:
      return 9;
    default:
      return 12;
  }
}

/** Is `code` a well-formed code for a grid of `level` under a parent coded `parentCode`? Returns the reason when not. */
export function checkChildCode(level: GridLevel, code: string, parentCode: string): string | null {
  if (!/^\d{15}$/.test(code)) return 'must be 15 digits';
  const n = sharedPrefixLength(level);
  if (code.slice(0, n) !== parentCode.trim().slice(0, n)) return `must start with the parent's first ${n} digits (${parentCode.slice(0, n)})`;
  const street = Number(code.slice(6, 9));
  const community = Number(code.slice(9, 12));
  const g = Number(code.slice(12, 15));
  switch (level) {
    case GridLevel.City:
      return /^\d{4}00000000000$/.test(code) ? null : 'a city code is its admin code (ending 00) and nine zeros';
    case GridLevel.District:
      return street === 0 && community === 0 && g === 0 && !code.slice(0, 6).endsWith('00') ? null : 'a district code is its 6-digit admin code and nine zeros';
    case GridLevel.Street:
      return street > 0 && community === 0 && g === 0 ? null : 'a street code has a street number and six zeros';
    case GridLevel.Community:
      return community > 0 && g === 0 ? null : 'a community code has a community number and 000';
    case GridLevel.Compound:
      return g >= 101 && g <= 108 ? null : 'a compound code ends 101..108';
    case GridLevel.BuildingCluster: {
      const kk = Number(parentCode.slice(12, 15)) - 100;
      const m = Math.floor(g / 100);
      return m === kk + 1 && g % 100 >= 1 ? null : `a building-cluster code under compound ${pad3(kk + 100)} ends ${kk + 1}01..${kk + 1}99`;
    }
  }
}

/** The next free code under a parent, given its children's codes; null when the code space is full. */
export function nextChildCode(level: GridLevel, parentCode: string, siblingCodes: string[]): string | null {
  const p = parentCode.trim();
  const used = new Set(siblingCodes.map((c) => c.trim()));
  const first = (make: (i: number) => string, from: number, to: number) => {
    for (let i = from; i <= to; i++) if (!used.has(make(i))) return make(i);
    return null;
  };
  switch (level) {
    case GridLevel.Street:
      return first((i) => p.slice(0, 6) + pad3(i) + '000000', 1, 999);
    case GridLevel.Community:
      return first((i) => p.slice(0, 9) + pad3(i) + '000', 1, 999);
    case GridLevel.Compound:
      return first((i) => p.slice(0, 12) + pad3(100 + i), 1, 8);
    case GridLevel.BuildingCluster: {
      const kk = Number(p.slice(12, 15)) - 100;
      return first((i) => p.slice(0, 12) + pad3((kk + 1) * 100 + i), 1, 99);
    }
    default:
      return null; // city and district codes are administrative: they are given, never generated
  }
}

/** The ltree label a code implies (c03, g2_05, g3_12; s012 / d320106 above the community). */
export function defaultLabel(level: GridLevel, code: string): string {
  switch (level) {
    case GridLevel.City:
      return `city${code.slice(0, 4)}`;
    case GridLevel.District:
      return `d${code.slice(0, 6)}`;
    case GridLevel.Street:
      return `s${code.slice(6, 9)}`;
    case GridLevel.Community:
      return `c${pad2(Number(code.slice(9, 12)))}`;
    case GridLevel.Compound:
      return `g2_${pad2(Number(code.slice(12, 15)) - 100)}`;
    case GridLevel.BuildingCluster:
      return `g3_${pad2(Number(code.slice(12, 15)) % 100)}`;
  }
}
