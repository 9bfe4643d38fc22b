// Where each millisecond goes: the top self-time functions of a V8 `.cpuprofile` (node --cpu-prof),
// counted only over a window of the run (the intake's load), so start-up and the other phases do
// not drown the intake path. V8 stamps samples with the monotonic clock in µs, the same clock as
// process.hrtime() on Linux: `monotonicUs()` marks the window from the bench process.
import { readFileSync } from 'node:fs';

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  /** `name (file:line)`, the file relative to the repository or to node_modules. */
  fn: string;
  ms: number;
  /** Share of the window's busy samples (idle excluded). */
  pct: number;
}

export interface ProfileSummary {
  /** CPU the profile saw busy inside the window (not idle), ms. */
  busyMs: number;
  top: SelfTime[];
}

export const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

function label(cf: CpuProfileNode['callFrame']): string {
  const name = cf.functionName || '(anonymous)';
  if (!cf.url) return name;
  const file = cf.url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '').replace(/^.*\/(apps|libs)\//, '$1/');
  return `${name} (${file}:${cf.lineNumber + 1})`;
}

/** Self time per function inside [fromUs, toUs] (monotonic µs), the `n` largest. */
export function summariseProfile(file: string, fromUs: number, toUs: number, n = 12): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const self = new Map<string, number>();
  let busy = 0;
  let t = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i];
    // A sample stands for the interval up to the next one.
    const dt = p.timeDeltas[i + 1] ?? 0;
    if (t < fromUs || t > toUs) continue;
    const node = byId.get(p.samples[i]);
    if (!node || node.callFrame.functionName === '(idle)') continue;
    const key = label(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + dt);
    busy += dt;
  }
  const top = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([fn, us]) => ({ fn, ms: Math.round(us / 100) / 10, pct: busy ? Math.round((us / busy) * 1000) / 10 : 0 }));
  return { busyMs: Math.round(busy / 1000), top };
}
