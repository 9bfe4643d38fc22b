import { setFlagsFromString } from 'node:v8';

/** Default of HEAP_GROWING_PERCENT: the old generation may grow to 1.5 × what survived the last full GC. */
export const DEFAULT_HEAP_GROWING_PERCENT = 50;

/**
 * HEAP_GROWING_PERCENT (0-400; 0 = V8's own heuristics): how far the V8 heap may grow past the
 * memory that survived the last full GC before the next one. V8 sizes its heap for the machine
 * (a 4 GB limit on a 24 GB host) and lets garbage pile up to ~4 × the live set under bursts (the
 * bulk import, 2,000 live-feed clients): measured, an office holding ~60 MB of live objects sat at
 * 300+ MiB RSS after an import. At 50 the services stay near their working set for a few more
 * major GCs (well under 1% of the import's CPU). See docs/performance.md (memory).
 */
export function heapGrowingPercent(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.HEAP_GROWING_PERCENT;
  if (raw === undefined || raw.trim() === '') return DEFAULT_HEAP_GROWING_PERCENT;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 400) {
    throw new Error(`HEAP_GROWING_PERCENT must be an integer from 0 (V8's default) to 400, got "${raw}"`);
  }
  return n;
}

/** Applies HEAP_GROWING_PERCENT to this process's V8 heap (before the app allocates much); returns the value. */
export function tuneHeap(env: NodeJS.ProcessEnv = process.env): number {
  const pct = heapGrowingPercent(env);
  if (pct > 0) setFlagsFromString(`--heap-growing-percent=${pct}`);
  return pct;
}
