import { AnalyseHotspots } from '@grid122/contracts';

/**
 * The statistics of the hotspot analysis, pure and small (docs/hotspots.md gives each formula in
 * plain words): the standard normal tail, Getis-Ord Gi* over a binary neighbour list, the
 * Mann-Kendall trend test, Benjamini-Hochberg false discovery control, the Poisson upper tail,
 * and ArcGIS's emerging hot spot classes.
 */

/** Hart's rational approximation of the normal tail (G. West, 2005): numerator and denominator, highest power first. */
const HART_NUMERATOR = [3.52624965998911e-2, 0.700383064443688, 6.37396220353165, 33.912866078383, 112.079291497871, 221.213596169931, 220.206867912376];
const HART_DENOMINATOR = [8.83883476483184e-2, 1.75566716318264, 16.064177579207, 86.7807322029461, 296.564248779674, 637.333633378831, 793.826512519948, 440.413735824752];

/** Horner's rule: (…(c₀·x + c₁)·x + …)·x + cₙ, the same operations in the same order as written out. */
const horner = (c: readonly number[], x: number): number => c.slice(1).reduce((acc, k) => acc * x + k, c[0]);

/** Φ(z), the standard normal CDF (Hart 1968 as given by G. West, 2005: absolute error below 1e-14). */
export function normalCdf(z: number): number {
  if (!Number.isFinite(z)) return z > 0 ? 1 : 0;
  const x = Math.abs(z);
  let p: number;
  if (x > 37) p = 0;
  else {
    const e = Math.exp((-x * x) / 2);
    if (x < 7.07106781186547) {
      p = (e * horner(HART_NUMERATOR, x)) / horner(HART_DENOMINATOR, x);
    } else {
      // the continued fraction x + 1/(x + 2/(x + 3/(x + 4/(x + 0.65)))), from the inside out
      const d = [4, 3, 2, 1].reduce((acc, k) => x + k / acc, x + 0.65);
      p = e / d / 2.506628274631;
    }
  }
  return z > 0 ? 1 - p : p;
}

/** Two-sided p-value of a standard normal z. */
export const twoSidedP = (z: number): number => Math.min(1, 2 * normalCdf(-Math.abs(z)));

export interface GiStar {
  /** z-score of Gi* per place (0 where it is undefined: no variation at all in the period) */
  z: number[];
  p: number[];
}

/**
 * Getis-Ord Gi* (the "star": a place is its own neighbour, weight 1) with binary weights, for
 * one period: x[i] the count of place i, neighbours[i] the indices of i's neighbours (without i).
 *   Gi* z = (Σ_j w_ij x_j − X̄ Σ_j w_ij) / (S √((n Σ_j w_ij² − (Σ_j w_ij)²) / (n − 1)))
 * with X̄ the mean and S the (population) standard deviation of x over all n places.
 */
export function getisOrdGiStar(x: readonly number[], neighbours: readonly (readonly number[])[]): GiStar {
  const n = x.length;
  let sum = 0;
  let sumSq = 0;
  for (const v of x) {
    sum += v;
    sumSq += v * v;
  }
  const mean = n ? sum / n : 0;
  const s = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
  const z = new Array<number>(n).fill(0);
  const p = new Array<number>(n).fill(1);
  if (n < 3 || s === 0) return { z, p };
  for (let i = 0; i < n; i++) {
    let local = x[i];
    const w = neighbours[i].length + 1; // binary: Σ w = Σ w² = neighbours + self
    for (const j of neighbours[i]) local += x[j];
    const den = s * Math.sqrt((n * w - w * w) / (n - 1));
    if (den <= 0) continue; // every place is i's neighbour: nothing to compare with
    z[i] = (local - mean * w) / den;
    p[i] = twoSidedP(z[i]);
  }
  return { z, p };
}

/** The contract's trend (Kendall's tau = S / (n(n−1)/2), z, p, up/down/none) with S = Σ_{k<j} sign(x_j − x_k). */
export interface MannKendall extends AnalyseHotspots.Trend {
  s: number;
}

/**
 * The Mann-Kendall trend test of a series in time order: S, its variance with the tie correction
 *   Var(S) = (n(n−1)(2n+5) − Σ_t t(t−1)(2t+5)) / 18   (t: sizes of groups of equal values),
 * the continuity-corrected z = (S − sign S) / √Var(S), the two-sided p-value, and the trend
 * direction when p < alpha.
 */
export function mannKendall(x: readonly number[], alpha = 0.1): MannKendall {
  const n = x.length;
  let s = 0;
  for (let k = 0; k < n - 1; k++) for (let j = k + 1; j < n; j++) s += Math.sign(x[j] - x[k]);
  const ties = new Map<number, number>();
  for (const v of x) ties.set(v, (ties.get(v) ?? 0) + 1);
  let tieTerm = 0;
  for (const t of ties.values()) tieTerm += t * (t - 1) * (2 * t + 5);
  const variance = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18;
  const z = variance > 0 && s !== 0 ? (s - Math.sign(s)) / Math.sqrt(variance) : 0;
  const p = twoSidedP(z);
  const pairs = (n * (n - 1)) / 2;
  return { s, tau: pairs ? s / pairs : 0, z, p, trend: p < alpha ? (z > 0 ? 'up' : 'down') : 'none' };
}

/**
 * Benjamini-Hochberg: which of the p-values stay significant when the expected share of false
 * discoveries among those called significant is held at `q` (ArcGIS's "FDR correction").
 */
export function fdrSignificant(p: readonly number[], q: number): boolean[] {
  const order = p.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  let cut = -1;
  order.forEach(([v], k) => {
    if (v <= ((k + 1) / p.length) * q) cut = k;
  });
  const out = new Array<boolean>(p.length).fill(false);
  for (let k = 0; k <= cut; k++) out[order[k][1]] = true;
  return out;
}

/** P(X ≥ k) for X ~ Poisson(λ): the chance of at least k reports when λ are expected. */
export function poissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  // 1 − P(X ≤ k−1), summed in log space from the mode side for stability.
  let term = Math.exp(-lambda);
  let cdf = term;
  for (let i = 1; i < k; i++) {
    term *= lambda / i;
    cdf += term;
  }
  if (cdf < 0.999) return Math.max(0, 1 - cdf);
  // Near 1: sum the tail directly instead (no cancellation).
  let logTerm = -lambda + k * Math.log(lambda) - logFactorial(k);
  let tail = 0;
  for (let i = k; i < k + 1000; i++) {
    const t = Math.exp(logTerm);
    tail += t;
    if (t < tail * 1e-16) break;
    logTerm += Math.log(lambda) - Math.log(i + 1);
  }
  return Math.min(1, tail);
}

function logFactorial(k: number): number {
  let s = 0;
  for (let i = 2; i <= k; i++) s += Math.log(i);
  return s;
}

/** ArcGIS's emerging hot spot classes (and their cold mirrors), with Chinese labels. */
export const EMERGING_PATTERNS = {
  new: { zh: '新热点', en: 'New hot spot' },
  consecutive: { zh: '连续热点', en: 'Consecutive hot spot' },
  intensifying: { zh: '加剧热点', en: 'Intensifying hot spot' },
  persistent: { zh: '持续热点', en: 'Persistent hot spot' },
  diminishing: { zh: '减弱热点', en: 'Diminishing hot spot' },
  sporadic: { zh: '零星热点', en: 'Sporadic hot spot' },
  oscillating: { zh: '振荡热点', en: 'Oscillating hot spot' },
  historical: { zh: '历史热点', en: 'Historical hot spot' },
  none: { zh: '无模式', en: 'No pattern detected' },
} as const;
export type EmergingPattern = keyof typeof EMERGING_PATTERNS;

export interface Classification {
  kind: 'hot' | 'cold' | 'none';
  pattern: EmergingPattern;
}

/**
 * Classes one place from its significant-bin series (1 hot, −1 cold, 0 neither; oldest first) and
 * the Mann-Kendall trend of its Gi* z-scores, following ArcGIS's definitions (90% of the bins,
 * the final bin); cold spots are the mirror image of hot ones.
 */
export function classify(bins: readonly (1 | 0 | -1)[], zTrend: 'up' | 'down' | 'none'): Classification {
  const hot = classifyOne(bins, zTrend);
  if (hot) return { kind: 'hot', pattern: hot };
  const mirrored = bins.map((b) => -b as 1 | 0 | -1);
  const cold = classifyOne(mirrored, zTrend === 'up' ? 'down' : zTrend === 'down' ? 'up' : 'none');
  if (cold) return { kind: 'cold', pattern: cold };
  return { kind: 'none', pattern: 'none' };
}

function classifyOne(bins: readonly (1 | 0 | -1)[], trend: 'up' | 'down' | 'none'): EmergingPattern | null {
  const n = bins.length;
  if (n === 0) return null;
  const hotCount = bins.filter((b) => b === 1).length;
  if (hotCount === 0) return null;
  const last = bins[n - 1] === 1;
  const mostly = hotCount >= 0.9 * n;
  if (!last) return mostly ? 'historical' : null;
  if (mostly) return trend === 'up' ? 'intensifying' : trend === 'down' ? 'diminishing' : 'persistent';
  if (hotCount === 1) return 'new';
  // The final run of hot bins, and whether anything was hot before it.
  let run = 0;
  while (run < n && bins[n - 1 - run] === 1) run++;
  if (run >= 2 && run === hotCount) return 'consecutive';
  return bins.some((b) => b === -1) ? 'oscillating' : 'sporadic';
}
