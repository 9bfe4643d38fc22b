// `npm run bench` (full scale) / `npm run bench -- --small` (CI scale, < 2 min): generates the
// city, starts the suite as child processes, loads it from separate processes and writes
// bench/results/latest.{json,md} (small mode: small.{json,md}). See docs/performance.md.
//
// Scale knobs (env): BENCH_DISTRICTS, BENCH_STREETS, BENCH_INCIDENTS, BENCH_YEARS, BENCH_DURATION_S,
// BENCH_RUNS, BENCH_SSE_SUBSCRIBERS, BENCH_IMPORT; BENCH_DATABASE_URL (its name must contain
// "bench"; recreated, dropped after unless BENCH_KEEP=1); BENCH_FROM=source forces running from source.
// `--data-only` builds the city and incidents and keeps the database; `--reuse` then measures on it
// (the data's own build times are kept in bench_meta and reported), so a long generation is paid once.
// BENCH_ONLY=intake,open311,hotspots,import (any of baseline, locate, intake, open311, dashboard,
// hotspots, feed, import) measures those sections only (the baseline always runs: every ratio needs
// it) and writes bench/results/partial.{json,md}, never latest.* (which is a complete run).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as argon2 from 'argon2';
import { Client } from 'pg';
import { connect as connectNats } from 'nats';
import { EVENT_STREAM } from '@grid122/contracts';
import { createHash } from 'node:crypto';
import { freePort, PrivateNatsServer } from '@grid122/testing';
import { KEY_AREA_CODES, QINLING_LEDGER } from '@grid122/demo-street';
import { generateIncidents, loadGrids } from './data/city';
import { machine } from './lib/machine';
import { copyIn } from '@grid122/persistence';
import { BenchProcess, cpuMs, httpGetJson, launchMode, privateBuild, ROOT, rssMiB, sleep } from './lib/procs';
import { Figure, figure, percentile, round } from './lib/stats';
import { runImport } from './data/import';
import { dashboardEvidence } from './data/explain';
import { monotonicUs, ProfileSummary, summariseProfile } from './lib/profile';

const small = process.argv.includes('--small');
const num = (k: string, d: number) => (process.env[k] ? Number(process.env[k]) : d);
const SCALE = {
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
};
const DB_URL = process.env.BENCH_DATABASE_URL ?? `postgres://postgres@127.0.0.1:5432/grid122_bench${small ? '_small' : ''}`;
/** --data-only: build the database and stop (kept); --reuse: use a kept database of the same scale. */
const DATA_ONLY = process.argv.includes('--data-only');
const ONLY = (process.env.BENCH_ONLY ?? '').split(',').map((x) => x.trim()).filter(Boolean);
/** Whether a section is measured in this run (BENCH_ONLY). */
const want = (section: string) => ONLY.length === 0 || ONLY.includes(section);
const REUSE = process.argv.includes('--reuse');
const RUN_ID = Date.now().toString(36);
const DB_NAME = new URL(DB_URL).pathname.slice(1);
const APPS = ['grid-registry', 'office', 'petitions', 'enforcement', 'social-services', 'appraisal', 'federation', 'gateway'] as const;
const PASSWORD = 'bench-password-122';
const log = (m: string) => process.stdout.write(`[bench] ${m}\n`);
/** BENCH_PROFILE=1 (or BENCH_CPU_PROF=1): every app runs with --cpu-prof into bench/results/profiles; the top self-time functions per app over the intake's and Open311 POST's load are printed and kept in the results. */
const PROFILE = !!(process.env.BENCH_PROFILE || process.env.BENCH_CPU_PROF);
const PROFILE_DIR = join(ROOT, 'bench/results/profiles');
/** The profile file of each app's latest start, and the load windows (monotonic µs) they are summarised over. */
const profileFiles: Record<string, string> = {};
const profileWindows: { name: string; fromUs: number; toUs: number; requests: number }[] = [];
const withDb = (db: string) => DB_URL.replace(/\/[^/]+$/, `/${db}`);

interface Row {
  section: string;
  label: string;
  value: Figure;
  goal?: string;
  met?: boolean | null;
  /** suite figure / baseline figure (same measure) */
  ratio?: number | null;
  note?: string;
}
const rows: Row[] = [];
const notes: string[] = [];
const errors: string[] = [];
const details: Record<string, unknown> = {};

function add(r: Row): void {
  rows.push(r);
  const goal = r.goal ? ` (goal ${r.goal}: ${r.met === null || r.met === undefined ? 'n/a' : r.met ? 'met' : 'NOT met'})` : '';
  log(`${r.section} · ${r.label}: ${r.value.median} ${r.value.unit} [${r.value.min}…${r.value.max}]${r.ratio != null ? ` ×${r.ratio} baseline` : ''}${goal}`);
}

/** Runs a phase; a failure is recorded and the bench goes on (the script exits non-zero at the end). */
async function phase(name: string, f: () => Promise<void>): Promise<void> {
  const t = Date.now();
  log(`── ${name}`);
  try {
    await f();
  } catch (e) {
    const msg = `${name}: ${(e as Error).stack ?? e}`;
    errors.push(msg);
    log(`!! ${msg}`);
  }
  log(`   (${Math.round((Date.now() - t) / 1000)} s)`);
}

/** Runs a load generator as its own process and returns its JSON line. */
function load<T>(script: string, cfg: unknown): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'grid122-bench-'));
  const file = join(dir, 'cfg.json');
  writeFileSync(file, JSON.stringify(cfg));
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [join(ROOT, 'bench/load', script), file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (c) => (out += c));
    p.stderr.on('data', (c) => (err += c));
    p.on('exit', (code) => {
      rmSync(dir, { recursive: true, force: true });
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${script} exited ${code}: ${err.slice(-2000)}`));
      try {
        resolve(JSON.parse(line) as T);
      } catch {
        reject(new Error(`${script} printed no result: ${out.slice(-500)} ${err.slice(-1000)}`));
      }
    });
  });
}

interface CannonResult {
  codes?: Record<string, number>;
  throughput: number;
  p50: number;
  p99: number;
  errors: number;
  total: number;
  statuses: Record<string, number>;
}
interface SeqResult {
  p50: number;
  p99: number;
  errors: number;
  n: number;
  statuses: Record<string, number>;
}

async function runs<T>(n: number, f: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(await f(i));
  return out;
}

/**
 * Samples pg_stat_activity every 50 ms: what the database's active backends wait on (lock,
 * LWLock, IO, client…), the first place to look when throughput is far below the floor.
 */
async function sampleWaits(url: string): Promise<{ stop: () => Promise<Record<string, number>>; slow: () => SlowStatement[] }> {
  const c = new Client({ connectionString: url });
  await c.connect();
  const counts: Record<string, number> = {};
  // Statements seen running for over a second (by backend and start): what a stalled request waited on.
  const slow = new Map<string, SlowStatement>();
  let on = true;
  const loop = (async () => {
    while (on) {
      const { rows } = await c.query<{ w: string; n: number }>(
        `SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') AS w, count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid() GROUP BY 1`,
      );
      for (const r of rows) counts[r.w] = (counts[r.w] ?? 0) + r.n;
      const { rows: long } = await c.query<SlowStatement & { key: string }>(
        `SELECT pid || ':' || query_start AS key, round(extract(epoch FROM now() - query_start) * 1000)::int AS ms,
                coalesce(wait_event_type || ':' || wait_event, 'CPU') AS wait, state, left(regexp_replace(query, '\\s+', ' ', 'g'), 200) AS query
         FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
           AND state <> 'idle' AND now() - query_start > interval '1 second'`,
      );
      for (const { key, ...r } of long) if ((slow.get(key)?.ms ?? 0) < r.ms) slow.set(key, r);
      await sleep(50);
    }
  })();
  return {
    stop: async () => {
      on = false;
      await loop;
      await c.end();
      return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1]).slice(0, 8));
    },
    slow: () => [...slow.values()].sort((a, b) => b.ms - a.ms).slice(0, 10),
  };
}

interface SlowStatement {
  ms: number;
  wait: string;
  state: string;
  query: string;
}

const BENCH_METRICS_TOKEN = 'bench-metrics-token-0123456789';

/** One gauge of each app's /metrics (prom-client text), scaled by `scale`. */
async function metricOf(ports: Record<string, number>, name: string, scale: (v: number) => number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [app, port] of Object.entries(ports)) {
    const text = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` } }).then((r) => r.text(), () => '');
    const m = text.match(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm'));
    if (m) out[app] = scale(Number(m[1]));
  }
  return out;
}

/** Each app's largest event-loop delay since the previous scrape (prom-client's `nodejs_eventloop_lag_max_seconds`; a scrape resets it), in ms. */
const eventLoopLagMax = (ports: Record<string, number>) => metricOf(ports, 'nodejs_eventloop_lag_max_seconds', (v) => Math.round(v * 1000));

/**
 * Polls every durable consumer of the event stream until none has events pending or unacknowledged:
 * the time from the end of a load until every consumer (appraisal, the live feed, federation, the
 * units) has applied every event.
 */
async function consumerLag(natsUrl: string, maxMs: number): Promise<{ ms: number; drained: boolean; consumers: number; pending: Record<string, number> }> {
  const nc = await connectNats({ servers: natsUrl });
  try {
    const jsm = await nc.jetstreamManager();
    const t = Date.now();
    let pending: Record<string, number> = {};
    let consumers = 0;
    while (Date.now() - t < maxMs) {
      pending = {};
      consumers = 0;
      for await (const c of jsm.consumers.list(EVENT_STREAM)) {
        consumers += 1;
        const n = c.num_pending + c.num_ack_pending;
        if (n > 0) pending[c.name] = n;
      }
      if (Object.keys(pending).length === 0) return { ms: Date.now() - t, drained: true, consumers, pending };
      await sleep(100);
    }
    return { ms: Date.now() - t, drained: false, consumers, pending };
  } finally {
    await nc.close();
  }
}

/**
 * Postgres's own rate for the import's table: copies `n` closed incidents (new ids, codes and
 * source references; ids from the table's default, as the import's) in one INSERT … SELECT and
 * rolls it back. Every index, constraint and the table's size are those the import meets.
 */
async function insertFloor(db: Client, n: number): Promise<{ seconds: number; perSecond: number }> {
  await db.query('BEGIN');
  try {
    const t = Date.now();
    await db.query(
      `INSERT INTO office.incidents (code, title, description, key_area, category, state, source, source_ref, grid_id, grid_path, location,
         address, reporter_name, closure_type, resolution_level, handled_ever, escalated_ever, stats_day, reported_at, registered_at, handled_at,
         closed_at, created_at, updated_at)
       SELECT code || '-F', title, description, key_area, category, state, 'district_platform', 'FLOOR-' || code, grid_id,
         grid_path, location, address, reporter_name, closure_type, resolution_level, handled_ever, escalated_ever, stats_day, reported_at,
         registered_at, handled_at, closed_at, now(), now()
       FROM office.incidents WHERE state = 'closed' LIMIT $1`,
      [n],
    );
    const seconds = (Date.now() - t) / 1000;
    return { seconds: round(seconds, 2), perSecond: round(n / seconds, 0) };
  } finally {
    await db.query('ROLLBACK');
  }
}

/**
 * Postgres's own bulk path for the import's table: COPY of `n` closed incidents (copies of existing
 * rows, new codes and source references; ids from the table's default) from STDIN, rolled back.
 * The rows are read first (not timed); the COPY alone is timed.
 */
async function copyFloor(db: Client, n: number): Promise<{ seconds: number; perSecond: number }> {
  const cols = ['code', 'title', 'description', 'key_area', 'category', 'state', 'source', 'source_ref', 'grid_id', 'grid_path', 'location', 'address', 'reporter_name', 'closure_type', 'resolution_level', 'handled_ever', 'escalated_ever', 'stats_day', 'reported_at', 'registered_at', 'handled_at', 'closed_at', 'created_at', 'updated_at'];
  const { rows } = await db.query({
    text: `SELECT code || '-C', title, description, key_area, category, state, 'district_platform', 'COPY-' || code, grid_id::text, grid_path::text, location::text,
             address, reporter_name, closure_type, resolution_level, handled_ever::text, escalated_ever::text, stats_day::text, reported_at::text, registered_at::text,
             handled_at::text, closed_at::text, now()::text, now()::text
           FROM office.incidents WHERE state = 'closed' LIMIT $1`,
    values: [n],
    rowMode: 'array',
  });
  await db.query('BEGIN');
  try {
    const t = Date.now();
    const copied = await copyIn(db, `office.incidents (${cols.join(', ')})`, rows as (string | null)[][]);
    const seconds = (Date.now() - t) / 1000;
    return { seconds: round(seconds, 2), perSecond: round(copied / seconds, 0) };
  } finally {
    await db.query('ROLLBACK');
  }
}

const dataScale = () => ({ districts: SCALE.districts, streets: SCALE.streets, incidents: SCALE.incidents, years: SCALE.years });

/** The kept database's build record when it was built at this scale, else null. */
async function reusableData(): Promise<Record<string, unknown> | null> {
  const c = new Client({ connectionString: DB_URL });
  try {
    await c.connect();
  } catch {
    return null;
  }
  try {
    const { rows } = await c.query(`SELECT scale, meta FROM public.bench_meta`);
    // Field by field: jsonb does not keep the key order JSON.stringify wrote.
    const want = dataScale();
    return rows.find((r) => (Object.keys(want) as (keyof typeof want)[]).every((k) => r.scale?.[k] === want[k]))?.meta ?? null;
  } catch {
    return null;
  } finally {
    await c.end();
  }
}

async function recreateDatabase(): Promise<void> {
  if (!/bench/.test(DB_NAME)) throw new Error(`Refusing to use database "${DB_NAME}": its name must contain "bench"`);
  const admin = new Client({ connectionString: withDb('postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
  await admin.end();
  const db = new Client({ connectionString: DB_URL });
  await db.connect();
  for (const ext of ['postgis', 'ltree', 'pgcrypto']) await db.query(`CREATE EXTENSION IF NOT EXISTS ${ext}`);
  await db.end();
}

async function dropDatabase(): Promise<void> {
  const admin = new Client({ connectionString: withDb('postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin.end();
}

async function waitFor(what: string, f: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const t = Date.now();
  while (Date.now() - t < timeoutMs) {
    if (await f()) return Date.now() - t;
    await sleep(100);
  }
  throw new Error(`${what} not ready within ${timeoutMs} ms`);
}

async function main(): Promise<void> {
  const started = new Date();
  const info = machine();
  let builtDir = '';
  // Full scale measures the compiled suite (as `npm start` runs it); small mode runs from source
  // unless --build is given (CI speed). BENCH_FROM=source skips the build.
  if ((!small || process.argv.includes('--build')) && process.env.BENCH_FROM !== 'source' && !DATA_ONLY) {
    const t = Date.now();
    builtDir = join(tmpdir(), `grid122-bench-dist-${process.pid}`);
    privateBuild(builtDir);
    log(`built the suite (tsc) into a private directory in ${Math.round((Date.now() - t) / 1000)} s`);
  }
  const mode = launchMode();
  log(`${small ? 'SMALL' : 'FULL'} scale ${JSON.stringify(SCALE)}; apps from ${mode}; database ${DB_NAME}`);
  const nats = new PrivateNatsServer();
  const procs: BenchProcess[] = [];
  const suite = new Map<string, BenchProcess>();
  let db: Client | undefined;
  const ports: Record<string, number> = {};
  const baseEnv: Record<string, string> = {};
  let gatewayUrl = '';
  let token = '';
  let level3 = 0;
  const stopSuite = async () => {
    // Services first is not needed: SIGTERM all at once, each drains its NATS connection.
    await Promise.all([...suite.values()].map((p) => p.stop()));
  };

  let reused: Record<string, unknown> | null = null;
  try {
    reused = REUSE ? await reusableData() : null;
    if (REUSE && !reused) log('no kept database of this scale: building it');
    if (!reused) await recreateDatabase();
    await nats.start();
    db = new Client({ connectionString: DB_URL });
    await db.connect();
    Object.assign(baseEnv, {
      DATABASE_URL: DB_URL,
      NATS_URL: nats.url,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DEMO_MODE: 'false',
      JWT_SECRET: 'bench-jwt-secret-0123456789abcdef-0123456789',
      ADMIN_PASSWORD: 'bench-admin-password-122',
      PII_ENCRYPTION_KEY: 'bench-pii-encryption-key-0123456789abcdef',
      PII_HASH_KEY: 'bench-pii-hash-key-0123456789abcdef-012345',
      ACTOR_SIGNING_KEY: 'bench-actor-signing-key-0123456789abcdef-01',
      // The bench's private nats-server runs without authorization (it ignores credentials);
      // production still demands them, so the apps get one.
      NATS_PASSWORD: 'bench-nats-password-0123456789',
      METRICS_TOKEN: BENCH_METRICS_TOKEN,
      WEB_DIST: join(ROOT, 'apps/hub-web/dist'),
      // Passed through to the apps when set (allocator experiments: docs/performance.md, memory).
      ...Object.fromEntries(['MALLOC_ARENA_MAX', 'HEAP_GROWING_PERCENT', 'NODE_OPTIONS'].filter((k) => process.env[k]).map((k) => [k, process.env[k] as string])),
    });

    // ---------------------------------------------------------------- 1. baseline chain
    let baseline: { throughput: number; p50: number; p99: number } | null = null;
    let baselineSeq: { p50: number; p99: number } | null = null;
    if (!DATA_ONLY) await phase('baseline chain (bare http → NATS → bare responder → pg insert)', async () => {
      const port = await freePort();
      const responder = new BenchProcess('baseline-responder', ['bench/baseline/responder.mjs'], { ...baseEnv });
      const server = new BenchProcess('baseline-server', ['bench/baseline/server.mjs'], { ...baseEnv, PORT: String(port) });
      procs.push(responder, server);
      responder.start();
      await waitFor('baseline responder', async () => responder.tail().includes('ready'), 20_000);
      server.start();
      await waitFor('baseline server', async () => server.tail().includes('ready'), 20_000);
      const body = { title: '占道经营 baseline', keyArea: 'illegal_business', category: 'street_occupation', source: 'grid_patrol', location: { lng: 118.77, lat: 32.1 } };
      const rs = await runs(SCALE.runs, () =>
        load<CannonResult>('cannon.mjs', { url: `http://127.0.0.1:${port}/`, method: 'POST', headers: { 'content-type': 'application/json' }, bodies: [body], connections: 50, duration: SCALE.durationS }),
      );
      details.baseline = rs;
      const tp = figure(rs.map((r) => r.throughput), 'req/s');
      const p50 = figure(rs.map((r) => r.p50), 'ms');
      const p99 = figure(rs.map((r) => r.p99), 'ms');
      baseline = { throughput: tp.median, p50: p50.median, p99: p99.median };
      add({ section: 'Baseline', label: 'throughput, 50 connections', value: tp });
      add({ section: 'Baseline', label: 'latency p50', value: p50 });
      add({ section: 'Baseline', label: 'latency p99', value: p99 });
      add({ section: 'Baseline', label: 'errors (sum of runs)', value: figure([rs.reduce((a, r) => a + r.errors, 0)], 'requests') });
      // One request at a time: the floor for the sequential latency figures (locate, dashboard).
      const seq = await runs(SCALE.runs, () => load<SeqResult>('cannon.mjs', { mode: 'seq', url: `http://127.0.0.1:${port}/`, method: 'POST', headers: { 'content-type': 'application/json' }, bodies: [body], n: SCALE.seqN }));
      const seqP99 = figure(seq.map((r) => r.p99), 'ms');
      baselineSeq = { p50: percentile(seq.map((r) => r.p50), 50), p99: seqP99.median };
      add({ section: 'Baseline', label: 'one client, request after request: p50', value: figure(seq.map((r) => r.p50), 'ms') });
      add({ section: 'Baseline', label: 'one client, request after request: p99', value: seqP99 });
      details.baselineRss = { server: rssMiB(server.pid), responder: rssMiB(responder.pid) };
      await server.stop();
      await responder.stop();
    });

    // ---------------------------------------------------------------- data: migrations, city, incidents
    await phase('migrations of the eight apps', async () => {
      for (const app of APPS) await BenchProcess.app(app, mode, { ...baseEnv, PORT: '0' }).runToEnd(['migrate']);
    });
    if (reused) {
      details.city = reused.city;
      details.incidents = reused.incidents;
      level3 = (reused.city as { level3: number }).level3;
      notes.push(`Data reused from a kept database built ${String(reused.builtAt)} (--reuse); its build times are those of that run.`);
      const r = reused.incidents as { ms: number; insertMs: number; indexMs: number; countersMs: number; statsRows: number };
      add({ section: 'Data', label: `generate ${SCALE.incidents.toLocaleString('en')} incidents + indexes + counters`, value: figure([r.ms / 1000], 's'), note: `insert ${Math.round(r.insertMs / 1000)} s, indexes ${Math.round(r.indexMs / 1000)} s, counters ${Math.round(r.countersMs / 1000)} s (${r.statsRows} counter rows)` });
    } else {
    await phase(`city: ${SCALE.districts} districts × ${SCALE.streets} streets of the Baotaqiao shape`, async () => {
      const r = await loadGrids(db!, SCALE.districts, SCALE.streets, log);
      level3 = r.level3;
      details.city = r;
      log(`  ${r.grids} grids (${r.level3} level-3 polygons) in ${Math.round(r.ms / 1000)} s`);
    });
    await phase(`incidents: ${SCALE.incidents.toLocaleString('en')} over ${SCALE.years} years (SQL generate_series)`, async () => {
      const r = await generateIncidents(db!, SCALE.incidents, SCALE.years, log);
      details.incidents = { count: SCALE.incidents, ...r };
      await db!.query(`CREATE TABLE IF NOT EXISTS public.bench_meta (scale jsonb NOT NULL, meta jsonb NOT NULL)`);
      await db!.query(`INSERT INTO public.bench_meta VALUES ($1, $2)`, [JSON.stringify(dataScale()), JSON.stringify({ builtAt: new Date().toISOString(), city: details.city, incidents: details.incidents })]);
      add({ section: 'Data', label: `generate ${SCALE.incidents.toLocaleString('en')} incidents + indexes + counters`, value: figure([r.ms / 1000], 's'), note: `insert ${Math.round(r.insertMs / 1000)} s, indexes ${Math.round(r.indexMs / 1000)} s, counters ${Math.round(r.countersMs / 1000)} s (${r.statsRows} counter rows)` });
    });
    }
    if (DATA_ONLY) {
      log(`data built in ${DB_NAME}; measure with: npm run bench -- --reuse`);
      return;
    }
    const hash = await argon2.hash(PASSWORD, { type: argon2.argon2id, timeCost: 2, memoryCost: 8192 });
    await db.query(
      `INSERT INTO gateway.accounts (username, display_name, password_hash, role, scope) VALUES ('bench-admin', '压测管理员', $1, 'admin', '')
       ON CONFLICT DO NOTHING`,
      [hash],
    );

    // ---------------------------------------------------------------- 6. start-up and idle memory
    for (const app of APPS) ports[app] = await freePort();
    gatewayUrl = `http://127.0.0.1:${ports.gateway}`;
    const startSuite = async (): Promise<number> => {
      const t = Date.now();
      for (const app of APPS) {
        const profName = `${app}.${RUN_ID}.${Date.now()}.cpuprofile`;
        if (PROFILE) profileFiles[app] = join(PROFILE_DIR, profName);
        const prof = PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${profName}`] : [];
        const p = BenchProcess.app(app, mode, { ...baseEnv, PORT: String(ports[app]) }, prof);
        suite.set(app, p);
        p.start(['serve']);
      }
      return waitFor(
        'the suite (/health up)',
        async () => {
          for (const [app, p] of suite) if (!p.running) throw new Error(`${app} exited during start:\n${p.tail()}`);
          const h = await httpGetJson(`${gatewayUrl}/health`, 1000);
          return h.status === 200 && (h.body as { status?: string })?.status === 'up';
        },
        120_000,
      ).then(() => Date.now() - t);
    };
    await phase('start-up: spawn the eight apps until GET /health says every service is up', async () => {
      const times: number[] = [];
      for (let i = 0; i < SCALE.startupRuns; i++) {
        times.push(await startSuite());
        if (i < SCALE.startupRuns - 1) await stopSuite();
      }
      add({ section: 'Memory and start-up', label: `suite healthy after start (from ${mode})`, value: figure(times.map((x) => x / 1000), 's'), goal: '< 20 s', met: percentile(times, 50) < 20_000 });
    });
    if (![...suite.values()].every((p) => p.running)) throw new Error('the suite is not running; nothing more to measure');
    await sleep(3000);
    const idle: Record<string, number> = {};
    for (const [app, p] of suite) idle[app] = rssMiB(p.pid);
    details.rssIdle = idle;

    const login = await fetch(`${gatewayUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench-admin', password: PASSWORD }) });
    if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
    token = ((await login.json()) as { accessToken: string }).accessToken;
    const auth = { authorization: `Bearer ${token}` };

    // Points inside random level-3 polygons, and the paths of one grid / street / district / city.
    const need = 2000;
    const perGrid = Math.max(1, Math.ceil(need / Math.max(1, level3)));
    const { rows: points } = await db.query<{ lng: number; lat: number; path: string }>(
      `SELECT ST_X(p) AS lng, ST_Y(p) AS lat, path::text FROM (
         SELECT (ST_Dump(ST_GeneratePoints(polygon, $2, 122))).geom AS p, path, id FROM registry.grids
         WHERE level = 'building_cluster' AND id IN (SELECT id FROM registry.grids WHERE level = 'building_cluster' ORDER BY md5(id::text) LIMIT $1)) x
       ORDER BY md5(path::text || ST_AsText(p)) LIMIT $1`,
      [need, perGrid],
    );
    const { rows: cats } = await db.query<{ code: string; key_area: string }>(`SELECT code, key_area FROM office.categories WHERE active`);
    const weights = new Map<string, number>(KEY_AREA_CODES.map((k) => [k, QINLING_LEDGER[k].found]));
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const weighted = cats.flatMap((c) => Array.from({ length: Math.max(1, Math.round((weights.get(c.key_area) ?? 1) / cats.filter((x) => x.key_area === c.key_area).length)) }, () => c));
    const allBodies = points.map((p, i) => {
      const c = weighted[Math.floor(rnd() * weighted.length)];
      return { title: `${c.code} 压测上报 #${i}`, keyArea: c.key_area, category: c.code, source: 'grid_patrol', location: { lng: p.lng, lat: p.lat }, description: '网格员巡查发现' };
    });
    // Intake draws from 2,000 places (repeats within 72 h become "me too" duplicates, as on a real street).
    const bodies = allBodies;
    // Feed reports name their grid and an address, no point: never a "me too" of an intake report.
    const feedBodies = Array.from({ length: SCALE.runs * SCALE.sseReports }, (_, i) => ({
      ...allBodies[i % allBodies.length],
      location: undefined,
      address: `压测路 ${i + 1} 号`,
      gridPath: points[i % points.length].path,
    }));

    // ---------------------------------------------------------------- 3. locate
    if (want('locate')) await phase(`locate: ${level3.toLocaleString('en')} level-3 polygons`, async () => {
      const sql = `WITH hit AS (SELECT path FROM registry.grids WHERE ST_Intersects(polygon, ST_SetSRID(ST_MakePoint($1, $2), 4326)) AND path <@ ''::ltree
                     ORDER BY nlevel(path) DESC, code ASC LIMIT 1)
                   SELECT g.id, g.code, g.name, g.level, g.path::text, g.parent_id FROM registry.grids g, hit WHERE g.path @> hit.path ORDER BY nlevel(g.path)`;
      const inDbRuns: { p50: number; p99: number }[] = [];
      const rttRuns: { p50: number; p99: number }[] = [];
      for (let r = 0; r < SCALE.runs; r++) {
        const exec: number[] = [];
        const rtt: number[] = [];
        for (let i = 0; i < SCALE.seqN; i++) {
          const p = points[(r * SCALE.seqN + i) % points.length];
          const plan = await db!.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, [p.lng, p.lat]);
          exec.push(plan.rows[0]['QUERY PLAN'][0]['Execution Time']);
          const s = process.hrtime.bigint();
          await db!.query(sql, [p.lng, p.lat]);
          rtt.push(Number(process.hrtime.bigint() - s) / 1e6);
        }
        inDbRuns.push({ p50: percentile(exec, 50), p99: percentile(exec, 99) });
        rttRuns.push({ p50: percentile(rtt, 50), p99: percentile(rtt, 99) });
      }
      add({ section: 'Locate', label: 'in the database p50 (EXPLAIN ANALYZE execution)', value: figure(inDbRuns.map((x) => x.p50), 'ms') });
      const dbP99 = figure(inDbRuns.map((x) => x.p99), 'ms');
      add({ section: 'Locate', label: 'in the database p99', value: dbP99, goal: '< 2 ms', met: dbP99.median < 2 });
      add({ section: 'Locate', label: 'pg round trip p99 (informational)', value: figure(rttRuns.map((x) => x.p99), 'ms') });
      const paths = points.map((p) => `/api/v1/grids/locate?lng=${p.lng}&lat=${p.lat}`);
      const gw = await runs(SCALE.runs, (i) => load<SeqResult>('cannon.mjs', { mode: 'seq', url: gatewayUrl, paths: paths.slice(i * SCALE.seqN).concat(paths).slice(0, SCALE.seqN), headers: auth, n: SCALE.seqN }));
      details.locateGateway = gw;
      add({ section: 'Locate', label: 'through the gateway p50 (one client)', value: figure(gw.map((x) => x.p50), 'ms') });
      const gwP99 = figure(gw.map((x) => x.p99), 'ms');
      const bs = baselineSeq as { p50: number; p99: number } | null;
      add({ section: 'Locate', label: 'through the gateway p99', value: gwP99, ratio: bs ? round(gwP99.median / bs.p99, 2) : null, goal: '< 10 ms', met: gwP99.median < 10, note: `errors ${gw.reduce((a, x) => a + x.errors, 0)}; ratio to the baseline chain's one-client p99` });
    });

    // ---------------------------------------------------------------- 2. intake
    let intakeTp: number | null = null;
    let intakeCpuUs = 0;
    if (want('intake') || want('open311')) await phase('intake: POST /api/v1/incidents, 50 connections', async () => {
      const waits = await sampleWaits(DB_URL);
      const cpuBefore = Object.fromEntries([...suite].map(([app, p]) => [app, cpuMs(p.pid)]));
      const fromUs = monotonicUs();
      const rs = await runs(SCALE.runs, (i) =>
        load<CannonResult>('cannon.mjs', { url: `${gatewayUrl}/api/v1/incidents`, method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, bodies, connections: 50, duration: SCALE.durationS, seed: 100 + i }),
      );
      const requests = rs.reduce((a, r) => a + r.total, 0);
      profileWindows.push({ name: 'intake', fromUs, toUs: monotonicUs(), requests });
      // CPU each process spent per intake request (µs): where the time goes, beside the wait events.
      details.intakeCpuUsPerRequest = Object.fromEntries(
        [...suite].map(([app, p]) => [app, Math.round(((cpuMs(p.pid) - cpuBefore[app]) * 1000) / Math.max(1, requests))]).filter(([, v]) => (v as number) > 0),
      );
      log(`  CPU per intake request (µs): ${JSON.stringify(details.intakeCpuUsPerRequest)}`);
      intakeCpuUs = Object.values(details.intakeCpuUsPerRequest as Record<string, number>).reduce((a, b) => a + b, 0);
      add({ section: 'Intake', label: 'Node CPU per report, all apps', value: figure([round(intakeCpuUs / 1000, 2)], 'ms'), goal: '≤ 1.5 ms', met: intakeCpuUs <= 1500, note: Object.entries(details.intakeCpuUsPerRequest as Record<string, number>).map(([a, us]) => `${a} ${round(us / 1000, 2)}`).join(', ') });
      // Consumer lag: from the end of the load until every durable consumer has applied every event.
      const lag = await consumerLag(nats.url, small ? 60_000 : 180_000);
      details.intakeConsumerLag = lag;
      add({ section: 'Intake', label: 'consumer lag after the load: every consumer has applied every event', value: figure([lag.ms], 'ms'), goal: '< 5 s', met: lag.drained && lag.ms < 5000, note: lag.drained ? `${lag.consumers} durables` : `still pending: ${JSON.stringify(lag.pending)}` });
      details.intake = rs;
      details.intakeWaitEvents = await waits.stop();
      details.intakeSlowStatements = waits.slow();
      log(`  Postgres wait events of active office backends during intake: ${JSON.stringify(details.intakeWaitEvents)}`);
      const tp = figure(rs.map((r) => r.throughput), 'req/s');
      const p50 = figure(rs.map((r) => r.p50), 'ms');
      const p99 = figure(rs.map((r) => r.p99), 'ms');
      const b = baseline as { throughput: number; p50: number; p99: number } | null;
      intakeTp = tp.median;
      add({ section: 'Intake', label: 'throughput, 50 connections', value: tp, ratio: b ? round(tp.median / b.throughput, 2) : null, goal: '≥ 0.5 × baseline', met: b ? tp.median >= 0.5 * b.throughput : null });
      add({ section: 'Intake', label: 'latency p50', value: p50, ratio: b ? round(p50.median / b.p50, 2) : null });
      add({ section: 'Intake', label: 'latency p99', value: p99, ratio: b ? round(p99.median / b.p99, 2) : null, goal: '≤ 3 × baseline', met: b ? p99.median <= 3 * b.p99 : null });
      add({ section: 'Intake', label: 'errors (non-2xx + timeouts, sum of runs)', value: figure([rs.reduce((a, r) => a + r.errors, 0)], 'requests'), note: `of ${rs.reduce((a, r) => a + r.total, 0)} requests; statuses ${JSON.stringify(rs.map((r) => r.statuses))}` });
    });

    // ---------------------------------------------------------------- 2b. Open311 (issue 27)
    if (want('open311')) await phase('Open311: POST and GET requests (a platform\'s key), one key at a fixed rate', async () => {
      const key = `bench-platform-key-${RUN_ID}`;
      const { rows: [root] } = await db!.query<{ city: string }>(`SELECT subpath(path, 0, 1)::text AS city FROM registry.grids WHERE level = 'building_cluster' LIMIT 1`);
      const oneKey = `bench-district-key-${RUN_ID}`;
      // As the gateway stores keys (sha256, apps/gateway/src/account/account.repository.ts).
      const hashApiKey = (k: string) => createHash('sha256').update(k).digest('hex');
      await db!.query(`INSERT INTO gateway.api_keys (name, key_hash, scope) VALUES ('压测区级平台', $1, $3), ('压测区级平台（持续）', $2, $3)`, [hashApiKey(key), hashApiKey(oneKey), root.city]);
      // FixMyStreet's POST: form-encoded, the service code and the point (no grid: the office locates it).
      const forms = bodies.map((x) => ({ api_key: key, service_code: x.category, lat: String(x.location.lat), long: String(x.location.lng), description: x.description, address_string: x.title }));
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      const b = baseline as { throughput: number; p50: number; p99: number } | null;
      const ratios = (v: number) => `${intakeTp ? `${round(v / intakeTp, 2)} × intake` : 'intake not measured'}${b ? `; ${round(v / b.throughput, 3)} × the bare chain` : ''}`;
      const postFromUs = monotonicUs();
      const post = await runs(SCALE.runs, (i) => load<CannonResult>('cannon.mjs', { url: `${gatewayUrl}/open311/v2/requests.json`, method: 'POST', headers: form, form: true, bodies: forms, connections: 50, duration: SCALE.durationS, seed: 300 + i }));
      profileWindows.push({ name: 'Open311 POST', fromUs: postFromUs, toUs: monotonicUs(), requests: post.reduce((a, r) => a + r.total, 0) });
      details.open311Post = post;
      const postTp = figure(post.map((r) => r.throughput), 'req/s');
      add({ section: 'Open311', label: 'POST requests (form-encoded, one key), 50 connections', value: postTp, ratio: b ? round(postTp.median / b.throughput, 3) : null, goal: '≥ 1 × intake (an intake plus its wire format)', met: intakeTp ? postTp.median >= 0.9 * intakeTp : null, note: `${ratios(postTp.median)}; statuses ${JSON.stringify(post.map((r) => r.codes))}` });
      add({ section: 'Open311', label: 'POST requests p99', value: figure(post.map((r) => r.p99), 'ms') });
      // A page of 50 (issue 27: p99 < 50 ms for a page of 50), newest first over the last 90 days.
      const list = `/open311/v2/requests.json?api_key=${key}&page_size=50`;
      const get = await runs(SCALE.runs, (i) => load<CannonResult>('cannon.mjs', { url: `${gatewayUrl}${list}`, connections: 50, duration: SCALE.durationS, seed: 400 + i }));
      details.open311Get = get;
      const getTp = figure(get.map((r) => r.throughput), 'req/s');
      add({ section: 'Open311', label: 'GET requests (newest page of 50, one key), 50 connections', value: getTp, ratio: b ? round(getTp.median / b.throughput, 3) : null, note: `${ratios(getTp.median)}; errors ${get.reduce((a, r) => a + r.errors, 0)}` });
      const seq = await runs(SCALE.runs, () => load<SeqResult>('cannon.mjs', { mode: 'seq', url: `${gatewayUrl}${list}`, n: SCALE.seqN }));
      const seqP99 = figure(seq.map((r) => r.p99), 'ms');
      add({ section: 'Open311', label: 'GET requests (page of 50), one client, p99', value: seqP99, goal: '< 50 ms', met: seqP99.median < 50, note: `p50 ${percentile(seq.map((r) => r.p50), 50)} ms` });
      // One district platform's key at a fixed rate for a minute: the default limits must let it through.
      const sustained = await load<CannonResult>('cannon.mjs', { url: `${gatewayUrl}/open311/v2/requests.json`, method: 'POST', headers: form, form: true, bodies: forms.map((f) => ({ ...f, api_key: oneKey })), connections: 20, overallRate: SCALE.keyRate, duration: SCALE.keyDurationS, seed: 500 });
      details.open311OneKey = sustained;
      const limited = sustained.codes?.['429'] ?? 0;
      add({ section: 'Open311', label: `one key at ${SCALE.keyRate} reports/s for ${SCALE.keyDurationS} s: answered 429`, value: figure([limited], 'requests'), goal: '0', met: limited === 0, note: `${sustained.total} requests, ${round(sustained.throughput, 1)} req/s achieved; statuses ${JSON.stringify(sustained.codes)}` });
      const lag = await consumerLag(nats.url, small ? 60_000 : 180_000);
      details.open311ConsumerLag = lag;
      add({ section: 'Open311', label: `consumer lag after ${SCALE.keyDurationS} s at ${SCALE.keyRate}/s: every consumer has applied every event`, value: figure([lag.ms], 'ms'), goal: '< 5 s', met: lag.drained && lag.ms < 5000, note: lag.drained ? `${lag.consumers} durables` : `still pending: ${JSON.stringify(lag.pending)}` });
    });

    // ---------------------------------------------------------------- 4. dashboard
    if (want('dashboard')) await phase(`dashboard over ${SCALE.incidents.toLocaleString('en')} incidents`, async () => {
      const { rows: lv } = await db!.query<{ grid: string; street: string; district: string; city: string }>(
        `SELECT path::text AS grid, subpath(path, 0, 3)::text AS street, subpath(path, 0, 2)::text AS district, subpath(path, 0, 1)::text AS city
         FROM registry.grids WHERE level = 'building_cluster' ORDER BY code LIMIT 1`,
      );
      const levels = lv[0];
      const dash: Record<string, unknown> = {};
      for (const [level, root] of Object.entries(levels)) {
        // The list's second page (keyset cursor), filtered by key area.
        const first = await fetch(`${gatewayUrl}/api/v1/incidents?root=${root}&keyArea=illegal_business&limit=50`, { headers: auth });
        const cursor = ((await first.json()) as { nextCursor?: string | null }).nextCursor;
        const views = {
          'key-area statistics': [`/api/v1/stats/key-areas?root=${root}`],
          'key-area statistics, last 30 days': [`/api/v1/stats/key-areas?root=${root}&from=${new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10)}`],
          'incident list, filtered, page 1': [`/api/v1/incidents?root=${root}&keyArea=illegal_business&limit=50`],
          'incident list, filtered, page 2 (cursor)': [`/api/v1/incidents?root=${root}&keyArea=illegal_business&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`],
        };
        for (const [view, paths] of Object.entries(views)) {
          const rs = await runs(SCALE.runs, () => load<SeqResult>('cannon.mjs', { mode: 'seq', url: gatewayUrl, paths, headers: auth, n: Math.max(20, Math.round(SCALE.seqN / 3)), maxMs: 15_000 }));
          dash[`${level} ${view}`] = rs;
          add({ section: 'Dashboard', label: `${view} — ${level} p50`, value: figure(rs.map((x) => x.p50), 'ms') });
          const p99 = figure(rs.map((x) => x.p99), 'ms');
          add({ section: 'Dashboard', label: `${view} — ${level} (${root}) p99`, value: p99, goal: '< 50 ms', met: p99.median < 50, note: `${rs.map((x) => x.n).join('/')} requests; errors ${rs.reduce((a, x) => a + x.errors, 0)}` });
        }
      }
      details.dashboard = dash;
      // The same statements in the database (EXPLAIN ANALYZE and timed), against the plain daily sum.
      const evidence = await dashboardEvidence(db!, levels, small ? 5 : 20);
      details.dashboardInDatabase = evidence;
      const office = evidence.officeStatements as Record<string, { ms: number; p50: number; p99: number }>;
      for (const level of ['street', 'district', 'city'] as const) {
        for (const period of ['all time', 'last 30 days'] as const) {
          const t = office[`${level} ${period}`];
          add({ section: 'Dashboard', label: `key-area statistics — ${level}, ${period}, the office's statement in the database p99`, value: figure([t.p99], 'ms'), goal: '< 50 ms', met: t.p99 < 50, note: `EXPLAIN ANALYZE ${t.ms} ms; the plain stats_daily sum it replaces: ${(evidence[`stats ${level}`] as { ms: number }).ms} ms` });
        }
      }
      const hub = await httpGetJson(`${gatewayUrl}/api/v1/hub`, 5000);
      if (hub.status === 404) notes.push('GET /api/v1/hub does not exist yet: the hub aggregate was not measured.');
      else {
        const rs = await runs(SCALE.runs, () => load<SeqResult>('cannon.mjs', { mode: 'seq', url: gatewayUrl, paths: ['/api/v1/hub'], headers: auth, n: 20 }));
        details.hub = rs;
        add({ section: 'Dashboard', label: 'hub aggregate GET /api/v1/hub (whole city, admin) p99', value: figure(rs.map((x) => x.p99), 'ms'), note: `no goal set; errors ${rs.reduce((a, x) => a + x.errors, 0)}` });
      }
    });

    // ---------------------------------------------------------------- 4b. hotspots (issue 26)
    if (want('hotspots')) await phase('hotspot analysis over 52 weeks (Gi* + Mann-Kendall from the daily counters)', async () => {
      const { rows: lv } = await db!.query<{ street: string; district: string; city: string }>(
        `SELECT subpath(path, 0, 3)::text AS street, subpath(path, 0, 2)::text AS district, subpath(path, 0, 1)::text AS city
         FROM registry.grids WHERE level = 'building_cluster' ORDER BY code LIMIT 1`,
      );
      // A street over its L3 grids, a district over its communities, the city over its streets (docs/hotspots.md).
      const cases: [string, string, string, string, number, number][] = [
        ['street', lv[0].street, 'building_cluster', '< 300 ms', 300, 15_000],
        ['district', lv[0].district, 'community', '< 2 s', 2_000, 30_000],
        ['city', lv[0].city, 'street', '< 30 s', 30_000, 120_000],
      ];
      const hs: Record<string, unknown> = {};
      for (const [level, root, places, goal, limitMs, maxMs] of cases) {
        const path = `/api/v1/hotspots?root=${root}&level=${places}&keyArea=illegal_business&period=week&periods=52`;
        // The first analysis of a root asks the registry for its neighbour table (then cached 10 min): measured apart.
        const t0 = Date.now();
        await (await fetch(`${gatewayUrl}${path}`, { headers: auth, signal: AbortSignal.timeout(maxMs) })).arrayBuffer();
        add({ section: 'Hotspots', label: `${level}: first analysis (neighbour table from the registry)`, value: figure([Date.now() - t0], 'ms') });
        const rs = await runs(SCALE.runs, () => load<SeqResult>('cannon.mjs', { mode: 'seq', url: gatewayUrl, paths: [path], headers: auth, n: level === 'street' ? 20 : 3, maxMs }));
        hs[level] = rs;
        const p99 = figure(rs.map((x) => x.p99), 'ms');
        add({ section: 'Hotspots', label: `${level} (${root}: ${places} × 52 weeks) p50`, value: figure(rs.map((x) => x.p50), 'ms') });
        add({ section: 'Hotspots', label: `${level} (${root}: ${places} × 52 weeks) p99`, value: p99, goal, met: p99.median < limitMs, note: `${rs.map((x) => x.n).join('/')} requests; errors ${rs.reduce((a, x) => a + x.errors, 0)}` });
      }
      details.hotspots = hs;
    });

    // ---------------------------------------------------------------- 5. live feed
    if (want('feed')) await phase(`live feed: ${SCALE.sseSubscribers} SSE subscribers`, async () => {
      const probe = await httpGetJson(`${gatewayUrl}/api/v1/events/stream`, 2000);
      if (probe.status === 404) {
        notes.push('GET /api/v1/events/stream does not exist yet: the live feed was not measured.');
        return;
      }
      const waits = await sampleWaits(DB_URL);
      await eventLoopLagMax(ports); // a scrape resets prom-client's lag histogram: measure from here
      const rs = await runs(SCALE.runs, (i) => load<Record<string, number>>('sse.mjs', { url: gatewayUrl, token, subscribers: SCALE.sseSubscribers, reports: SCALE.sseReports, bodies: feedBodies.slice(i * SCALE.sseReports, (i + 1) * SCALE.sseReports), intervalMs: 300 }));
      details.liveFeed = rs;
      // Where a refused (504) report waited: long statements in Postgres, and each app's worst event-loop stall.
      details.liveFeedWaitEvents = await waits.stop();
      details.liveFeedSlowStatements = waits.slow();
      details.liveFeedEventLoopLagMaxMs = await eventLoopLagMax(ports);
      log(`  wait events ${JSON.stringify(details.liveFeedWaitEvents)}; statements over 1 s: ${JSON.stringify(details.liveFeedSlowStatements)}; event-loop lag max (ms): ${JSON.stringify(details.liveFeedEventLoopLagMaxMs)}`);
      add({ section: 'Live feed', label: `connected subscribers (of ${SCALE.sseSubscribers})`, value: figure(rs.map((x) => x.connected), 'clients') });
      add({ section: 'Live feed', label: '201 → arrival p50 (every delivery)', value: figure(rs.map((x) => x.p50), 'ms') });
      const p99 = figure(rs.map((x) => x.p99), 'ms');
      add({ section: 'Live feed', label: `201 → arrival p99 (${SCALE.sseSubscribers} subscribers)`, value: p99, goal: '< 500 ms', met: p99.median < 500 && rs.every((x) => x.lost === 0) });
      add({ section: 'Live feed', label: '201 → arrival at the LAST subscriber, p99 over reports', value: figure(rs.map((x) => x.toEveryP99), 'ms') });
      add({
        section: 'Live feed',
        label: 'lost deliveries (sum of runs)',
        value: figure([rs.reduce((a, x) => a + x.lost, 0)], 'deliveries'),
        note: `of reports answered 201: ${rs.reduce((a, x) => a + (x.lostAfter201 ?? 0), 0)}; reports refused: ${JSON.stringify(rs.flatMap((x) => (x as unknown as { reportErrorStatuses?: string[] }).reportErrorStatuses ?? []))}`,
      });
    });

    details.rssBeforeImport = Object.fromEntries([...suite].map(([app, p]) => [app, rssMiB(p.pid)]));
    // ---------------------------------------------------------------- 7. bulk import
    if (want('import')) await phase(`bulk: import ${SCALE.importN.toLocaleString('en')} historical incidents`, async () => {
      // The floor, in the same run: Postgres alone inserting closed incidents into the same table with
      // the same indexes (copies of existing rows, new ids), rolled back — no app, no NATS, no JSON.
      const floorN = Math.max(1000, Math.min(100_000, Math.round(SCALE.importN / 10)));
      const floor = await insertFloor(db!, floorN);
      details.importFloor = floor;
      add({ section: 'Bulk', label: `Postgres alone: INSERT … SELECT of ${floorN.toLocaleString('en')} closed incidents into the same table (rolled back)`, value: figure([floor.perSecond], 'rows/s'), note: `${floor.seconds} s; the floor the import is compared to` });
      // A failure of this floor is a note, not a failed phase: the import is still measured.
      const copy = await copyFloor(db!, floorN).catch((e: Error) => {
        notes.push(`the COPY floor could not be measured: ${e.message}`);
        return null;
      });
      details.importCopyFloor = copy;
      if (copy) add({ section: 'Bulk', label: `Postgres alone: COPY of ${floorN.toLocaleString('en')} closed incidents into the same table (rolled back)`, value: figure([copy.perSecond], 'rows/s'), note: `${copy.seconds} s: Postgres's own bulk path` });
      const r = await runImport({ gatewayUrl, token, count: SCALE.importN, points, cats, log, runId: RUN_ID });
      if (!r) {
        notes.push('POST /api/v1/incidents/import does not exist: the bulk import was not measured.');
        return;
      }
      details.import = r;
      add({ section: 'Bulk', label: 'import rows/s as a share of Postgres alone', value: figure([round(r.perSecond / floor.perSecond, 2)], '×') });
      if (copy) add({ section: 'Bulk', label: 'import rows/s as a share of Postgres\'s own COPY', value: figure([round(r.perSecond / copy.perSecond, 2)], '×') });
      add({ section: 'Bulk', label: `import ${SCALE.importN.toLocaleString('en')} incidents (NDJSON through the gateway)`, value: figure([r.seconds], 's'), goal: small ? '< 60 s for 1M (scaled)' : '< 60 s', met: r.seconds * (1_000_000 / SCALE.importN) < 60, note: `${Math.round(r.perSecond)} rows/s; inserted ${r.inserted}, skipped ${r.skipped}, rejected ${r.rejected}; a second run of the same file inserted ${r.rerunInserted}` });
      const { rows: [c] } = await db!.query(`SELECT (SELECT count(*) FROM office.incidents)::bigint AS incidents, (SELECT sum(found) FROM office.stats_daily)::bigint AS found, (SELECT count(*) FROM office.incidents WHERE state <> 'duplicate')::bigint AS not_dup`);
      details.countersAfterImport = c;
      if (String(c.found) !== String(c.not_dup)) notes.push(`counters drift after the import: sum(found) ${c.found} vs ${c.not_dup} non-duplicate incidents`);
    });

    // ---------------------------------------------------------------- 6b. memory after the load
    const after: Record<string, number> = {};
    for (const [app, p] of suite) after[app] = rssMiB(p.pid);
    details.rssAfterLoad = after;
    // What of it is V8's heap in use (live and not yet collected), from each app's /metrics.
    const heapUsed = await metricOf(ports, 'nodejs_heap_size_used_bytes', (v) => round(v / 1048576, 1));
    details.heapUsedAfterLoad = heapUsed;
    // For the diagnosis of what RSS holds beyond the heap in use: the heap V8 has committed, and
    // memory outside it that V8 accounts for (Buffers, sockets' ArrayBuffers).
    details.heapTotalAfterLoad = await metricOf(ports, 'nodejs_heap_size_total_bytes', (v) => round(v / 1048576, 1));
    details.externalAfterLoad = await metricOf(ports, 'nodejs_external_memory_bytes', (v) => round(v / 1048576, 1));
    // And once the load has stopped for a while (V8 returns freed heap pages when allocation calms down).
    await sleep(small ? 3000 : 15_000);
    const settled: Record<string, number> = {};
    for (const [app, p] of suite) settled[app] = rssMiB(p.pid);
    details.rssSettled = settled;
    for (const app of APPS) {
      add({ section: 'Memory and start-up', label: `${app} RSS idle → after load`, value: figure([after[app]], 'MiB'), goal: '< 200 MB', met: after[app] > 0 && after[app] * 1.048576 < 200, note: `idle ${idle[app]} MiB; before the bulk import ${(details.rssBeforeImport as Record<string, number>)?.[app] ?? '?'} MiB; V8 heap in use after the load ${heapUsed[app] ?? '?'} MiB` });
    }
    for (const app of APPS) {
      add({ section: 'Memory and start-up', label: `${app} RSS ${small ? 3 : 15} s after the load stopped`, value: figure([settled[app]], 'MiB'), note: 'information: the goal is judged on the RSS right after the load (rows above)' });
    }
  } finally {
    await Promise.all([...suite.values(), ...procs].map((p) => p.stop().catch(() => undefined)));
    await db?.end().catch(() => undefined);
    await nats.destroy().catch(() => undefined);
    if (builtDir) rmSync(builtDir, { recursive: true, force: true });
    if (!process.env.BENCH_KEEP && !DATA_ONLY && !REUSE) await dropDatabase().catch((e) => log(`could not drop ${DB_NAME}: ${e}`));
    else log(`kept database ${DB_NAME} (BENCH_KEEP)`);
  }

  // The apps wrote their profiles on exit (the suite is stopped above).
  if (PROFILE) details.profiles = profileSummaries();
  const endLoad = loadavg().map((x) => round(x, 2));
  const result = {
    generatedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    scale: small ? 'small' : 'full',
    parameters: SCALE,
    launchedFrom: mode,
    machine: { ...info, loadAverageAtEnd: endLoad },
    sharedLoadNote: 'The machine has 2 cores shared with other engineers building and testing at the same time: figures were taken under that shared load (see the load averages).',
    figures: rows,
    notes,
    errors,
    details,
  };
  const base = ONLY.length ? 'partial' : small ? 'small' : 'latest';
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results', `${base}.json`), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(ROOT, 'bench/results', `${base}.md`), markdown(result));
  log(`wrote bench/results/${base}.json and ${base}.md`);
  if (errors.length) {
    log(`${errors.length} phase(s) failed: the script is broken somewhere (goals missed never fail it)`);
    process.exitCode = 1;
  }
}

/** Each app's top self-time functions over each load window, printed and returned for the results. */
function profileSummaries(): Record<string, Record<string, ProfileSummary & { usPerRequest: number }>> {
  const out: Record<string, Record<string, ProfileSummary & { usPerRequest: number }>> = {};
  for (const w of profileWindows) {
    out[w.name] = {};
    log(`── CPU profile over the ${w.name} load (${w.requests} requests): top self time per app (bench/results/profiles)`);
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

function markdown(r: { generatedAt: string; scale: string; parameters: typeof SCALE; launchedFrom: string; machine: Record<string, unknown>; sharedLoadNote: string; figures: Row[]; notes: string[]; errors: string[] }): string {
  const m = r.machine;
  const fmt = (f: Figure) => (Number.isFinite(f.median) ? `${f.median} ${f.unit}` : 'n/a');
  const spread = (f: Figure) => (f.runs.length > 1 ? `${f.min}…${f.max} (±${round(f.spreadPct / 2, 1)}%)` : '1 run');
  const lines = [
    `# grid122 benchmark — ${r.scale} scale`,
    '',
    `Run ${r.generatedAt} by \`${ONLY.length ? `BENCH_ONLY=${ONLY.join(',')} ` : ''}npm run bench${r.scale === 'small' ? ' -- --small' : ''}\`; apps started from **${r.launchedFrom}**.${ONLY.length ? ' **Partial run**: only those sections.' : ''}`,
    '',
    `Machine: ${m.cpuModel}, **${m.cores} cores**, ${m.memoryGiB} GiB RAM, Node ${m.node}, ${m.os}; ${m.postgresClient}; ${m.natsServer}.`,
    `Load average at start ${JSON.stringify(m.loadAverageAtStart)}, at end ${JSON.stringify(m.loadAverageAtEnd)}. ${r.sharedLoadNote}`,
    '',
    `Scale: ${JSON.stringify(r.parameters)}`,
    '',
    'Each figure is the median of the runs, with the smallest and largest run beside it; the ratio is to the baseline chain measured in the same run.',
    '',
    '| section | figure | median | runs (spread) | × baseline | goal | met |',
    '|---|---|---|---|---|---|---|',
    ...r.figures.map((f) => `| ${f.section} | ${f.label}${f.note ? ` <br><sub>${f.note.replace(/\|/g, '/')}</sub>` : ''} | ${fmt(f.value)} | ${spread(f.value)} | ${f.ratio ?? ''} | ${f.goal ?? ''} | ${f.goal ? (f.met === null || f.met === undefined ? 'n/a' : f.met ? '✅ met' : '❌ not met') : ''} |`),
    '',
  ];
  if (r.notes.length) lines.push('## Notes', '', ...r.notes.map((n) => `- ${n}`), '');
  if (r.errors.length) lines.push('## Phases that failed', '', ...r.errors.map((e) => `- \`${e.split('\n')[0]}\``), '');
  lines.push('See docs/performance.md for what was found and changed.', '');
  return lines.join('\n');
}

main().catch((e) => {
  process.stderr.write(`[bench] failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
