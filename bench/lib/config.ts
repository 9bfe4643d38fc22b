import { join } from 'node:path';
import { ROOT } from './procs';

// What a run measures and where: the scale (env knobs, --small), the database, the flags
// (--data-only, --reuse, BENCH_ONLY) and the apps. Read once at start (bench/run.ts).
export const small = process.argv.includes('--small');
const num = (k: string, d: number) => (process.env[k] ? Number(process.env[k]) : d);
export const SCALE = {
  districts: num('BENCH_DISTRICTS', small ? 1 : 10),
  streets: num('BENCH_STREETS', small ? 1 : 41),
  incidents: num('BENCH_INCIDENTS', small ? 20_000 : 10_000_000),
  years: num('BENCH_YEARS', small ? 1 : 5),
  durationS: num('BENCH_DURATION_S', small ? 4 : 15),
  runs: num('BENCH_RUNS', 3),
  seqN: num('BENCH_SEQ_N', small ? 30 : 300),
  sseSubscribers: num('BENCH_SSE_SUBSCRIBERS', small ? 100 : 2000),
  sseReports: num('BENCH_SSE_REPORTS', small ? 5 : 20),
  importN: num('BENCH_IMPORT', small ? 20_000 : 1_000_000),
  startupRuns: num('BENCH_STARTUP_RUNS', small || process.env.BENCH_ONLY ? 1 : 3),
  /** One platform key at a fixed rate (reports/s) for this long: the default limits must not answer 429. */
  keyRate: num('BENCH_KEY_RATE', 100),
  keyDurationS: num('BENCH_KEY_DURATION_S', small ? 10 : 60),
  /** The intake's CPU split (issue 27 item 2): the suite idle this long, then reports at a fixed rate below saturation (after a warm-up at that rate) this long. */
  idleS: num('BENCH_IDLE_S', small ? 10 : 20),
  warmupS: num('BENCH_WARMUP_S', 5),
  fixedRate: num('BENCH_FIXED_RATE', 30),
  fixedS: num('BENCH_FIXED_S', small ? 10 : 20),
};
export const DB_URL = process.env.BENCH_DATABASE_URL ?? `postgres://postgres@127.0.0.1:5432/grid122_bench${small ? '_small' : ''}`;
/** --data-only: build the database and stop (kept); --reuse: use a kept database of the same scale. */
export const DATA_ONLY = process.argv.includes('--data-only');
export const ONLY = (process.env.BENCH_ONLY ?? '').split(',').map((x) => x.trim()).filter(Boolean);
/** Whether a section is measured in this run (BENCH_ONLY). */
export const want = (section: string) => ONLY.length === 0 || ONLY.includes(section);
export const REUSE = process.argv.includes('--reuse');
export const RUN_ID = Date.now().toString(36);
export const DB_NAME = new URL(DB_URL).pathname.slice(1);
export const APPS = ['grid-registry', 'office', 'petitions', 'enforcement', 'social-services', 'appraisal', 'federation', 'identity', 'gateway'] as const;
export const PASSWORD = 'bench-password-122';
export const log = (m: string) => process.stdout.write(`[bench] ${m}\n`);
/** BENCH_PROFILE=1 (or BENCH_CPU_PROF=1): every app runs with --cpu-prof into bench/results/profiles; the top self-time functions per app over the intake's and Open311 POST's load are printed and kept in the results. */
export const PROFILE = !!(process.env.BENCH_PROFILE || process.env.BENCH_CPU_PROF);
export const PROFILE_DIR = join(ROOT, 'bench/results/profiles');
export const withDb = (db: string) => DB_URL.replace(/\/[^/]+$/, `/${db}`);

export const dataScale = () => ({ districts: SCALE.districts, streets: SCALE.streets, incidents: SCALE.incidents, years: SCALE.years });
