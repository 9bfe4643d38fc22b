import { AnalyseHotspots } from '@grid122/contracts';
import { classify, EMERGING_PATTERNS, EmergingPattern, fdrSignificant, getisOrdGiStar, mannKendall, MannKendall } from './statistics';

export interface EmergingOptions {
  /** significance of Gi* and of the trends (ArcGIS: 0.1) */
  alpha: number;
  /** Benjamini-Hochberg per period (ArcGIS's FDR correction) */
  fdr: boolean;
}

/** A place's figures as the contract's `AnalyseHotspots.Place` carries them, less where it is (the service adds that), with the trends' S. */
export interface EmergingPlace extends Omit<AnalyseHotspots.Place, 'path' | 'name' | 'centroid' | 'neighbours' | 'counts' | 'countTrend' | 'zTrend'> {
  pattern: EmergingPattern;
  countTrend: MannKendall;
  zTrend: MannKendall;
}

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * Emerging hot spot analysis over a space-time cube: `counts[t][i]` is place i's count in period t
 * (oldest first). Per period, Gi* over the neighbour list (each period its own spatial test); a
 * bin is significant when its p-value passes alpha (after Benjamini-Hochberg across the places
 * of the period when `fdr`). Per place, Mann-Kendall on its counts and on its Gi* z-scores, then
 * ArcGIS's classes.
 */
export function emergingHotSpots(counts: readonly (readonly number[])[], neighbours: readonly (readonly number[])[], o: EmergingOptions): EmergingPlace[] {
  const n = neighbours.length;
  const T = counts.length;
  const z: number[][] = Array.from({ length: n }, () => new Array<number>(T).fill(0));
  const p: number[][] = Array.from({ length: n }, () => new Array<number>(T).fill(1));
  const bins: (1 | 0 | -1)[][] = Array.from({ length: n }, () => new Array<1 | 0 | -1>(T).fill(0));
  for (let t = 0; t < T; t++) {
    const g = getisOrdGiStar(counts[t], neighbours);
    const significant = o.fdr ? fdrSignificant(g.p, o.alpha) : g.p.map((v) => v < o.alpha);
    for (let i = 0; i < n; i++) {
      z[i][t] = g.z[i];
      p[i][t] = g.p[i];
      bins[i][t] = significant[i] ? (g.z[i] > 0 ? 1 : -1) : 0;
    }
  }
  return Array.from({ length: n }, (_, i) => {
    const series = counts.map((row) => row[i]);
    const countTrend = mannKendall(series, o.alpha);
    const zTrend = mannKendall(z[i], o.alpha);
    const c = classify(bins[i], zTrend.trend);
    const hotBins = bins[i].filter((b) => b === 1).length;
    const coldBins = bins[i].filter((b) => b === -1).length;
    const base = EMERGING_PATTERNS[c.pattern];
    const label = c.kind === 'cold' ? { zh: base.zh.replace('热点', '冷点'), en: base.en.replace('hot spot', 'cold spot') } : base;
    return {
      z: z[i].map((v) => round(v)),
      p: p[i].map((v) => round(v, 6)),
      bins: bins[i],
      hotBins,
      coldBins,
      kind: c.kind,
      pattern: c.pattern,
      label,
      reason: reasonOf(c.kind, bins[i], z[i], zTrend),
      countTrend: { ...countTrend, tau: round(countTrend.tau), z: round(countTrend.z), p: round(countTrend.p, 6) },
      zTrend: { ...zTrend, tau: round(zTrend.tau), z: round(zTrend.z), p: round(zTrend.p, 6) },
      total: series.reduce((a, b) => a + b, 0),
    };
  });
}

function reasonOf(kind: 'hot' | 'cold' | 'none', bins: readonly (1 | 0 | -1)[], z: readonly number[], zTrend: MannKendall): string {
  const T = bins.length;
  const hot = bins.filter((b) => b === 1).length;
  const cold = bins.filter((b) => b === -1).length;
  const last = z[T - 1] ?? 0;
  const parts = [
    `最近一期 Gi* z=${last.toFixed(2)}${bins[T - 1] === 1 ? '（显著热）' : bins[T - 1] === -1 ? '（显著冷）' : '（不显著）'}`,
    `${T} 期中显著热 ${hot} 期（${Math.round((hot / Math.max(T, 1)) * 100)}%）、显著冷 ${cold} 期`,
    `z 值趋势 Mann-Kendall tau=${zTrend.tau.toFixed(2)}, p=${zTrend.p.toFixed(3)}（${zTrend.trend === 'up' ? '增强' : zTrend.trend === 'down' ? '减弱' : '无显著趋势'}）`,
  ];
  return kind === 'none' ? `${parts.join('；')}：不符合任何热点/冷点类别` : parts.join('；');
}
