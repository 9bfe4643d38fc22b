// Small statistics for the benchmark report: percentiles, the median of runs and its spread.

/** The p-th percentile (nearest rank) of a sample. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export interface Figure {
  /** Median of the runs. */
  median: number;
  /** Smallest and largest run, and (max - min) / median in percent. */
  min: number;
  max: number;
  spreadPct: number;
  runs: number[];
  unit: string;
}

export function figure(runs: readonly number[], unit: string): Figure {
  const ok = runs.filter((r) => Number.isFinite(r));
  const median = ok.length ? percentile(ok, 50) : NaN;
  const min = ok.length ? Math.min(...ok) : NaN;
  const max = ok.length ? Math.max(...ok) : NaN;
  const spreadPct = median ? round(((max - min) / median) * 100, 1) : NaN;
  return { median: round(median), min: round(min), max: round(max), spreadPct, runs: ok.map((r) => round(r)), unit };
}

export const round = (n: number, d = 3): number => (Number.isFinite(n) ? Math.round(n * 10 ** d) / 10 ** d : n);

/** Times an async function sequentially n times, in milliseconds. */
export async function timeEach(n: number, f: (i: number) => Promise<unknown>): Promise<number[]> {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = process.hrtime.bigint();
    await f(i);
    xs.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  return xs;
}
