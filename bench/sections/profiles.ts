import { join } from 'node:path';
import { log, PROFILE_DIR, RUN_ID } from '../lib/config';
import { monotonicUs, ProfileSummary, summariseProfile } from '../lib/profile';

/** The profile file of each app's latest start, and the load windows (monotonic µs) they are summarised over. */
const profileFiles: Record<string, string> = {};
const profileWindows: { name: string; fromUs: number; toUs: number; requests: number }[] = [];

/** The node flags that make an app write its CPU profile on exit (BENCH_PROFILE), remembering the file. */
export function profileFlags(app: string): string[] {
  const profName = `${app}.${RUN_ID}.${Date.now()}.cpuprofile`;
  profileFiles[app] = join(PROFILE_DIR, profName);
  return ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${profName}`];
}

/** Marks a load window: call before the load, and the answer's `end(requests)` after it. */
export function profileWindow(name: string): { end: (requests: number) => void } {
  const fromUs = monotonicUs();
  return { end: (requests) => void profileWindows.push({ name, fromUs, toUs: monotonicUs(), requests }) };
}

/** Each app's top self-time functions over each load window, printed and returned for the results. */
export function profileSummaries(): Record<string, Record<string, ProfileSummary & { usPerRequest: number }>> {
  const out: Record<string, Record<string, ProfileSummary & { usPerRequest: number }>> = {};
  for (const w of profileWindows) {
    out[w.name] = {};
    log(`── CPU profile over the ${w.name} load (${w.requests} requests; monotonic ${w.fromUs}…${w.toUs} µs): top self time per app (bench/results/profiles)`);
    for (const [app, file] of Object.entries(profileFiles)) {
      let s: ProfileSummary;
      try {
        s = summariseProfile(file, w.fromUs, w.toUs, 12);
      } catch (e) {
        log(`  ${app}: no profile (${(e as Error).message})`);
        continue;
      }
      const perReq = (ms: number) => Math.round((ms * 1000) / Math.max(1, w.requests));
      out[w.name][app] = { ...s, usPerRequest: perReq(s.busyMs) };
      if (s.busyMs === 0) continue;
      log(`  ${app}: ${s.busyMs} ms busy, ${perReq(s.busyMs)} µs per request`);
      for (const t of s.top) log(`    ${String(t.pct).padStart(5)}%  ${String(perReq(t.ms)).padStart(5)} µs/req  ${t.fn}`);
    }
  }
  return out;
}
