// Seeded PRNG (mulberry32) shared by every demo seed, so a given seed always yields the same data
// on every machine and Node version (Math.random is neither seedable nor reproducible).

export interface Rng {
  /** The 32-bit seed this generator started from. */
  readonly seed: number;
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** Uniform float in [min, max). */
  float(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element, uniformly. Throws on an empty array. */
  pick<T>(items: readonly T[]): T;
  /** One element, with probability proportional to its weight (weights >= 0, not all 0). */
  weightedPick<T>(items: readonly T[], weights: readonly number[]): T;
  /** Shuffles in place (Fisher-Yates) and returns the same array. */
  shuffle<T>(items: T[]): T[];
  /** k distinct elements in random order (k clamped to the length). */
  sample<T>(items: readonly T[], k: number): T[];
  /** An independent generator derived from this seed and a label; does not advance this one. */
  fork(...labels: ReadonlyArray<string | number>): Rng;
}

/** Stable 32-bit hash of the parts (FNV-1a over their text, then murmur3's finaliser to spread bits). */
export function hashSeed(...parts: ReadonlyArray<string | number>): number {
  let h = 0x811c9dc5;
  for (let p = 0; p < parts.length; p++) {
    const s = String(parts[p]);
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x1f; // part separator, so ('ab','c') and ('a','bc') differ
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Creates a mulberry32 generator. A string seed is hashed first. */
export function createRng(seed: number | string): Rng {
  const start = typeof seed === 'number' ? seed >>> 0 : hashSeed(seed);
  let state = start;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    seed: start,
    next,
    int(min, max) {
      return min + Math.floor(next() * (max - min + 1));
    },
    float(min, max) {
      return min + next() * (max - min);
    },
    chance(p) {
      return next() < p;
    },
    pick(items) {
      if (items.length === 0) throw new RangeError('pick from an empty array');
      return items[Math.floor(next() * items.length)];
    },
    weightedPick(items, weights) {
      if (items.length === 0 || items.length !== weights.length) throw new RangeError('weightedPick: bad arguments');
      let total = 0;
      for (const w of weights) total += w;
      if (!(total > 0)) throw new RangeError('weightedPick: weights sum to 0');
      let r = next() * total;
      for (let i = 0; i < items.length; i++) {
        r -= weights[i];
        if (r < 0) return items[i];
      }
      return items[items.length - 1]; // float rounding: fall back to the last item
    },
    shuffle(items) {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const t = items[i];
        items[i] = items[j];
        items[j] = t;
      }
      return items;
    },
    sample(items, k) {
      return rng.shuffle(items.slice()).slice(0, Math.max(0, Math.min(k, items.length)));
    },
    fork(...labels) {
      return createRng(hashSeed(start, ...labels));
    },
  };
  return rng;
}
