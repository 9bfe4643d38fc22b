// `npm run bench` (full scale) / `npm run bench -- --small` (CI scale, < 2 min): generates the
// city, starts the suite as child processes, loads it from separate processes and writes
// bench/results/latest.{json,md} (small mode: small.{json,md}). See docs/performance.md.
//
// Scale knobs (env): BENCH_DISTRICTS, BENCH_STREETS, BENCH_INCIDENTS, BENCH_YEARS, BENCH_DURATION_S,
// BENCH_RUNS, BENCH_SSE_SUBSCRIBERS, BENCH_IMPORT; BENCH_DATABASE_URL (its name must contain
// "bench"; recreated, dropped after unless BENCH_KEEP=1); BENCH_FROM=source forces running from source,
// BENCH_DIST=<dir> from a build made beforehand (A/B of two builds); BENCH_IDLE_S, BENCH_FIXED_RATE and
// BENCH_WARMUP_S, BENCH_FIXED_S set the intake's CPU split (idle, then a fixed rate after a warm-up).
// `--data-only` builds the city and incidents and keeps the database; `--reuse` then measures on it
// (the data's own build times are kept in bench_meta and reported), so a long generation is paid once.
// BENCH_ONLY=intake,open311,hotspots,import (any of baseline, locate, intake, open311, dashboard,
// hotspots, feed, import) measures those sections only (the baseline always runs: every ratio needs
// it) and writes bench/results/partial.{json,md}, never latest.* (which is a complete run).
import { rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, PrivateNatsServer } from '@grid122/testing';
import { dropDatabase, recreateDatabase, reusableData } from './data/database';
import { APPS, DATA_ONLY, DB_NAME, DB_URL, log, ONLY, PROFILE, REUSE, SCALE, small, want } from './lib/config';
import { machine } from './lib/machine';
import { BENCH_METRICS_TOKEN } from './lib/probes';
import { BenchProcess, launchMode, privateBuild, ROOT } from './lib/procs';
import { details, errors, markdown, notes, phase, rows } from './lib/report';
import { round } from './lib/stats';
import { measureBaseline } from './sections/baseline';
import { addBenchAdmin, buildCity, buildIncidents, migrate, reuseData } from './sections/data';
import { measureDashboard } from './sections/dashboard';
import { measureFeed } from './sections/feed';
import { measureHotspots } from './sections/hotspots';
import { measureImport } from './sections/import';
import { measureIntake } from './sections/intake';
import { measureLocate } from './sections/locate';
import { measureMemoryAfterLoad } from './sections/memory';
import { measureOpen311 } from './sections/open311';
import { profileSummaries } from './sections/profiles';
import { BenchRun } from './sections/run-context';
import { idleMemory, login, measureStartup, rssOf } from './sections/suite';
import { buildWorkload } from './sections/workload';

// The run in order: build (full scale), database and NATS, the baseline chain, the data, the suite
// started, then each section (bench/sections/) as BENCH_ONLY asks; the results written last.
async function main(): Promise<void> {
  const started = new Date();
  const info = machine();
  let builtDir = '';
  // Full scale measures the compiled suite (as `npm start` runs it); small mode runs from source
  // unless --build is given (CI speed). BENCH_FROM=source skips the build.
  if ((!small || process.argv.includes('--build')) && process.env.BENCH_FROM !== 'source' && !process.env.BENCH_DIST && !DATA_ONLY) {
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

  let reused: Record<string, unknown> | null = null;
  try {
    reused = REUSE ? await reusableData() : null;
    if (REUSE && !reused) log('no kept database of this scale: building it');
    if (!reused) await recreateDatabase();
    await nats.start();
    db = new Client({ connectionString: DB_URL });
    await db.connect();
    const baseEnv: Record<string, string> = {
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
    };
    const run: BenchRun = { mode, nats, db, baseEnv, procs, suite, ports: {}, gatewayUrl: '', token: '', auth: { authorization: '' }, level3: 0, baseline: null, baselineSeq: null, intakeTp: null };

    // ---------------------------------------------------------------- 1. baseline chain
    if (!DATA_ONLY) await phase('baseline chain (bare http → NATS → bare responder → pg insert)', () => measureBaseline(run));

    // ---------------------------------------------------------------- data: migrations, city, incidents
    await phase(`migrations of the ${APPS.length} apps`, () => migrate(run));
    if (reused) reuseData(run, reused);
    else {
      await phase(`city: ${SCALE.districts} districts × ${SCALE.streets} streets of the Baotaqiao shape`, () => buildCity(run));
      await phase(`incidents: ${SCALE.incidents.toLocaleString('en')} over ${SCALE.years} years (SQL generate_series)`, () => buildIncidents(run));
    }
    if (DATA_ONLY) {
      log(`data built in ${DB_NAME}; measure with: npm run bench -- --reuse`);
      return;
    }
    await addBenchAdmin(db);

    // ---------------------------------------------------------------- 6. start-up and idle memory
    for (const app of APPS) run.ports[app] = await freePort();
    run.gatewayUrl = `http://127.0.0.1:${run.ports.gateway}`;
    await phase(`start-up: spawn the ${APPS.length} apps until GET /health says every service is up`, () => measureStartup(run));
    const idle = await idleMemory(run);
    await login(run);
    const w = await buildWorkload(run);

    if (want('locate')) await phase(`locate: ${run.level3.toLocaleString('en')} level-3 polygons`, () => measureLocate(run, w));
    if (want('intake') || want('open311')) await phase('intake: POST /api/v1/incidents, 50 connections', () => measureIntake(run, w));
    if (want('open311')) await phase('Open311: POST and GET requests (a platform\'s key), one key at a fixed rate', () => measureOpen311(run, w));
    if (want('dashboard')) await phase(`dashboard over ${SCALE.incidents.toLocaleString('en')} incidents`, () => measureDashboard(run));
    if (want('hotspots')) await phase('hotspot analysis over 52 weeks (Gi* + Mann-Kendall from the daily counters)', () => measureHotspots(run));
    if (want('feed')) await phase(`live feed: ${SCALE.sseSubscribers} SSE subscribers`, () => measureFeed(run, w));
    details.rssBeforeImport = rssOf(run);
    if (want('import')) await phase(`bulk: import ${SCALE.importN.toLocaleString('en')} historical incidents`, () => measureImport(run, w));
    await measureMemoryAfterLoad(run, idle);
  } finally {
    // What each app said (warnings and errors: LOG_LEVEL=warn), kept beside the run for a look after;
    // an app that died before the end is named in the report's notes.
    const logDir = join(tmpdir(), 'grid122-bench-logs');
    mkdirSync(logDir, { recursive: true });
    for (const [app, p] of suite) {
      writeFileSync(join(logDir, `${app}.log`), `${p.tail(500)}\n`);
      if (!p.running) notes.push(`${app} was not running at the end of the run; its last lines:\n\n\`\`\`\n${p.tail(15)}\n\`\`\``);
    }
    if (suite.size) log(`the apps' last 500 lines each: ${logDir}/<app>.log`);
    // With --cpu-prof an app writes its profile on exit (megabytes, slow on a busy machine): more time before SIGKILL.
    await Promise.all([...suite.values(), ...procs].map((p) => p.stop(PROFILE ? 60_000 : 8000).catch(() => undefined)));
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

main().catch((e) => {
  process.stderr.write(`[bench] failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
