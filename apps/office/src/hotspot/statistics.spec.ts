import { classify, fdrSignificant, getisOrdGiStar, mannKendall, normalCdf, poissonUpperTail } from './statistics';

/** Neighbours by distance band, as libpysal's DistanceBand builds them (binary, d ≤ threshold). */
function distanceBand(points: [number, number][], threshold: number): number[][] {
  return points.map(([x, y], i) => points.flatMap(([u, v], j) => (j !== i && Math.hypot(x - u, y - v) <= threshold ? [j] : [])));
}

/** Gi* straight from its definition with a full weight matrix (a second, independent computation). */
function giStarByDefinition(x: number[], w: number[][]): number[] {
  const n = x.length;
  const mean = x.reduce((a, b) => a + b, 0) / n;
  const s = Math.sqrt(x.reduce((a, b) => a + b * b, 0) / n - mean * mean);
  return x.map((_, i) => {
    const wi = w[i];
    const sw = wi.reduce((a, b) => a + b, 0);
    const sw2 = wi.reduce((a, b) => a + b * b, 0);
    const num = wi.reduce((a, wij, j) => a + wij * x[j], 0) - mean * sw;
    return num / (s * Math.sqrt((n * sw2 - sw * sw) / (n - 1)));
  });
}

describe('hotspot statistics', () => {
  it('normal CDF matches scipy.stats.norm.cdf', () => {
    expect(normalCdf(1.2345)).toBeCloseTo(0.8914916766373298, 12);
    expect(normalCdf(0)).toBeCloseTo(0.5, 14);
    expect(normalCdf(-8)).toBeGreaterThan(0);
  });

  it('Gi* equals esda.G_Local(star=True, transform="B") on its documented example', () => {
    // esda/getisord.py docstring: DistanceBand(points, threshold=15), y = [2, 3, 3.2, 5, 8, 7]
    const points: [number, number][] = [[10, 10], [20, 10], [40, 10], [15, 20], [30, 20], [30, 30]];
    const sut = getisOrdGiStar([2, 3, 3.2, 5, 8, 7], distanceBand(points, 15));
    const esda = [-1.39727626, -0.28917762, 0.65064964, -0.28917762, 1.23452088, 2.02424331];
    sut.z.forEach((z, i) => expect(z).toBeCloseTo(esda[i], 7));
  });

  it('Gi* agrees with the definition over a full weight matrix on random grids', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 20; trial++) {
      const side = 3 + (trial % 5);
      const n = side * side;
      const x = Array.from({ length: n }, () => Math.floor(rand() * 20));
      const nb = Array.from({ length: n }, (_, i) =>
        Array.from({ length: n }, (_, j) => j).filter((j) => j !== i && Math.abs((i % side) - (j % side)) <= 1 && Math.abs(Math.floor(i / side) - Math.floor(j / side)) <= 1),
      );
      const w = nb.map((js, i) => Array.from({ length: n }, (_, j) => (j === i || js.includes(j) ? 1 : 0)));
      const want = giStarByDefinition(x, w);
      // (a place neighbouring every other has no comparison: undefined by definition, 0 here)
      getisOrdGiStar(x, nb).z.forEach((z, i) => (Number.isFinite(want[i]) ? expect(z).toBeCloseTo(want[i], 9) : expect(z).toBe(0)));
    }
  });

  it('Gi* is 0 (not significant) when every place has the same count', () => {
    expect(getisOrdGiStar([4, 4, 4, 4], [[1], [0, 2], [1, 3], [2]]).p).toEqual([1, 1, 1, 1]);
  });

  it('Mann-Kendall matches the textbook computation (S, tie-corrected variance, z, p from scipy)', () => {
    const sut = mannKendall([3, 5, 4, 4, 7, 6, 9, 8, 8, 12]);
    expect(sut.s).toBe(33);
    expect(sut.z).toBeCloseTo(2.8853428309357834, 10);
    expect(sut.p).toBeCloseTo(0.003909876320511867, 10);
    expect(sut.trend).toBe('up');
    expect(mannKendall([5, 4, 3, 2, 1, 0]).trend).toBe('down');
    expect(mannKendall([2, 2, 2, 2]).trend).toBe('none');
  });

  it('Poisson upper tail matches scipy.stats.poisson.sf', () => {
    expect(poissonUpperTail(8, 2)).toBeCloseTo(0.0010967189678587025, 12);
    expect(poissonUpperTail(30, 10) / 2.509951201527959e-7).toBeCloseTo(1, 8);
    expect(poissonUpperTail(0, 3)).toBe(1);
  });

  it('Benjamini-Hochberg keeps the p-values under the step-up line', () => {
    expect(fdrSignificant([0.01, 0.04, 0.03, 0.5], 0.1)).toEqual([true, true, true, false]);
    expect(fdrSignificant([0.2, 0.3, 0.5], 0.1)).toEqual([false, false, false]);
  });

  it('classes places as ArcGIS emerging hot spot analysis does', () => {
    const h = 1 as const;
    const o = 0 as const;
    const c = -1 as const;
    expect(classify([o, o, o, o, h], 'none').pattern).toBe('new');
    expect(classify([o, o, o, h, h, h], 'none').pattern).toBe('consecutive');
    expect(classify(Array(10).fill(h), 'up').pattern).toBe('intensifying');
    expect(classify(Array(10).fill(h), 'none').pattern).toBe('persistent');
    expect(classify(Array(10).fill(h), 'down').pattern).toBe('diminishing');
    expect(classify([h, o, h, o, o, h], 'none').pattern).toBe('sporadic');
    expect(classify([c, o, h, o, o, h], 'none').pattern).toBe('oscillating');
    expect(classify([h, h, h, h, h, h, h, h, h, h, o], 'none').pattern).toBe('historical');
    expect(classify([o, o, o, o, c], 'none')).toEqual({ kind: 'cold', pattern: 'new' });
    expect(classify([o, o, o], 'none')).toEqual({ kind: 'none', pattern: 'none' });
  });
});
