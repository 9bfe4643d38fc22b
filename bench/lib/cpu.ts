// Node CPU of the suite's processes (/proc/<pid>/stat, every thread of the process: user + system),
// split into what each app spends with nothing to do (its timers, polls, consumers' pulls, GC) and
// what a report adds on top of that. The per-report figure of a saturated run divides both by the
// reports, so it moves with the throughput; "beyond idle" does not (issue 27 item 2).
import { cpuMs, sleep } from './procs';

/** The suite's processes by app (BenchRun.suite): only the pid is read. */
type Suite = Map<string, { pid?: number }>;

/** Each app's CPU time so far, ms. */
export function cpuSnapshot(suite: Suite): Record<string, number> {
  return Object.fromEntries([...suite].map(([app, p]) => [app, cpuMs(p.pid)]));
}

/** A window of CPU: `end()` gives each app's CPU spent since it opened (ms) and its length (s). */
export function cpuWindow(suite: Suite): { end: () => { ms: Record<string, number>; seconds: number } } {
  const from = cpuSnapshot(suite);
  const t = process.hrtime.bigint();
  return {
    end: () => {
      const to = cpuSnapshot(suite);
      return { ms: Object.fromEntries(Object.keys(from).map((app) => [app, to[app] - from[app]])), seconds: Number(process.hrtime.bigint() - t) / 1e9 };
    },
  };
}

/** Each app's CPU with the suite idle (no request, nothing pending) for `seconds`: ms of CPU per second (‰ of one core). */
export async function idleCpu(suite: Suite, seconds: number): Promise<Record<string, number>> {
  const w = cpuWindow(suite);
  await sleep(seconds * 1000);
  const { ms, seconds: s } = w.end();
  return Object.fromEntries(Object.entries(ms).map(([app, v]) => [app, v / s]));
}

/** CPU per report in µs per app: the window's CPU, less `idlePerS` × its length when given, over the reports. */
export function perReport(window: { ms: Record<string, number>; seconds: number }, reports: number, idlePerS?: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(window.ms).map(([app, ms]) => [app, Math.round(((ms - (idlePerS?.[app] ?? 0) * window.seconds) * 1000) / Math.max(1, reports))]),
  );
}

/** Sum over the apps, and the apps in descending order as "app 1.23" (ms), those under 0.01 ms left out. */
export function describe(us: Record<string, number>): { total: number; note: string } {
  const total = Object.values(us).reduce((a, b) => a + b, 0);
  const note = Object.entries(us)
    .sort((a, b) => b[1] - a[1])
    .filter(([, v]) => Math.abs(v) >= 10)
    .map(([a, v]) => `${a} ${Math.round(v / 10) / 100}`)
    .join(', ');
  return { total, note };
}
