#!/usr/bin/env node
// `npm start`: the whole suite with demo data on this machine. Installs npm dependencies, builds,
// uses the PostgreSQL and NATS named by DATABASE_URL / NATS_URL when they answer (else starts or
// installs them), creates the database and extensions, migrates and seeds every service, starts
// the nine apps, and stops them all cleanly on Ctrl-C.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from './build.mjs';
import { ROOT, ensureAppRole, ensureDatabase, ensureDependencies, ensureExtensionsAvailable, ensureNats, ensurePostgres, localPiiKeys, startOwnNats } from './lib/provision.mjs';
import { SetupError, log, run, tcpOpen, warn } from './lib/sh.mjs';
import nodeOptions from './lib/node-options.cjs';

const APPS = [
  ['grid-registry', 3002],
  ['office', 3001],
  ['petitions', 3003],
  ['enforcement', 3004],
  ['social-services', 3005],
  ['appraisal', 3006],
  ['federation', 3007],
  ['identity', 3008],
  ['gateway', Number(process.env.PORT ?? 3000)],
];
const env = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/grid122',
  // Without NATS_URL, npm start runs its own nats-server with a user per app (below).
  NATS_URL: process.env.NATS_URL ?? '',
  DEMO_MODE: process.env.DEMO_MODE ?? 'true',
  DEMO_PASSWORD: process.env.DEMO_PASSWORD ?? 'grid122-demo',
  DEMO_API_KEY: process.env.DEMO_API_KEY ?? 'grid122-demo-key',
  // The demo: development mode, where DEMO_MODE and the demo secrets are allowed. The apps' own
  // default is production, which refuses both (docs/security.md, "Fail closed").
  NODE_ENV: process.env.NODE_ENV ?? 'development',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  // V8 options every service runs with (scripts/lib/node-options.cjs); yours in NODE_OPTIONS win.
  NODE_OPTIONS: nodeOptions.serviceNodeOptions(process.env.NODE_OPTIONS),
};
const RUN_DIR = join(ROOT, '.run');
const children = new Map();
/** Each app's own NATS user and password, when npm start runs its own nats-server. */
let natsEnv = {};
/** Each personal-data app's own PII key rings (.run/pii-keys.json), unless PII keys are given in the environment. */
let piiEnv = {};
const appEnv = (app) => ({ ...env, ...(natsEnv[app] ?? {}), ...(piiEnv[app] ?? {}) });
/** The application role's connection (not the owner): the apps serve with it, migrations and seeds run as the owner. */
let appDatabaseUrl = null;
let natsChild = null;
let stopping = false;

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name === 'test') continue;
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function needsBuild() {
  const marker = join(ROOT, 'dist/apps/gateway/src/main.js');
  if (!existsSync(marker)) return true;
  const built = statSync(marker).mtimeMs;
  return ['apps', 'libs'].some((d) => newestMtime(join(ROOT, d)) > built);
}

const main_js = (app) => join(ROOT, 'dist/apps', app, 'src/main.js');

function startApp(app, port) {
  const logFile = join(RUN_DIR, 'logs', `${app}.log`);
  const out = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, [main_js(app)], { cwd: ROOT, env: { ...appEnv(app), PORT: String(port), ...(appDatabaseUrl ? { DATABASE_URL: appDatabaseUrl } : {}) }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  child.on('exit', (code, signal) => {
    children.delete(app);
    if (stopping) return;
    warn(`${app} exited (${signal ?? code}); last lines of ${logFile}:`);
    try {
      process.stdout.write(readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') + '\n');
    } catch {}
    if (app === 'gateway') shutdown(1);
  });
  children.set(app, child);
}

async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  log('stopping the suite…');
  const waits = [...children.values()].map(
    (c) =>
      new Promise((r) => {
        c.once('exit', r);
        c.kill('SIGTERM');
        setTimeout(() => (c.kill('SIGKILL'), r()), 10_000).unref();
      }),
  );
  await Promise.all(waits);
  if (natsChild) natsChild.kill('SIGTERM');
  log('stopped.');
  process.exit(code);
}

async function healthy(port) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    if (res.status !== 200) return null;
    return await res.json();
  } catch {
    return null;
  }
}

async function main() {
  ensureDependencies();
  if (process.argv.includes('--no-build')) log('skipping the build (--no-build)');
  else if (needsBuild()) build();
  else log('build is up to date');

  await ensurePostgres(env.DATABASE_URL);
  await ensureExtensionsAvailable(env.DATABASE_URL);
  await ensureDatabase(env.DATABASE_URL);
  appDatabaseUrl = await ensureAppRole(env.DATABASE_URL);
  // migrations grant it its rights on each schema (everything but rewriting the audit log)
  if (appDatabaseUrl) env.DATABASE_APP_ROLE = new URL(appDatabaseUrl).username;
  mkdirSync(join(RUN_DIR, 'logs'), { recursive: true });
  if (!env.PII_KEYS && !env.PII_HASH_KEYS && !env.PII_ENCRYPTION_KEY) piiEnv = localPiiKeys(join(RUN_DIR, 'pii-keys.json'));
  if (env.NATS_URL) {
    natsChild = await ensureNats(env.NATS_URL, join(RUN_DIR, 'nats'));
    if (!env.NATS_PASSWORD) warn(`NATS_URL=${env.NATS_URL} is used as given, without NATS credentials (set NATS_USER/NATS_PASSWORD if it asks for them); unset NATS_URL to get the suite's own nats-server with a user per app`);
  } else {
    const own = await startOwnNats(join(RUN_DIR, 'nats'));
    natsChild = own.child;
    env.NATS_URL = own.url;
    natsEnv = own.appEnv;
  }

  for (const [app, port] of APPS) {
    if (await tcpOpen('127.0.0.1', port)) {
      throw new SetupError(`port ${port} (for ${app}) is already in use — is the suite already running?\n  How to fix: stop the other process, or set PORT for the gateway`);
    }
  }
  log('migrating every service (its own schema and history)…');
  for (const [app] of APPS) run(process.execPath, [main_js(app), 'migrate'], { cwd: ROOT, env: appEnv(app), stdio: ['ignore', 'ignore', 'inherit'] });
  if (env.DEMO_MODE === 'true') {
    log('seeding the demo street (宝塔桥街道) — skipped where already seeded…');
    for (const app of ['identity', 'grid-registry', 'office', 'petitions', 'enforcement', 'social-services', 'appraisal']) {
      run(process.execPath, [main_js(app), 'seed'], { cwd: ROOT, env: appEnv(app), stdio: ['ignore', 'ignore', 'inherit'] });
    }
  }
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  log(`starting the ${APPS.length} apps (logs in ${join(RUN_DIR, 'logs')})…`);
  for (const [app, port] of APPS) startApp(app, port);

  const gatewayPort = APPS.find(([a]) => a === 'gateway')[1];
  const until = Date.now() + 90_000;
  let h = null;
  while (Date.now() < until && !stopping) {
    h = await healthy(gatewayPort);
    if (h && h.status === 'up') break;
    await new Promise((r) => setTimeout(r, 500));
  }
  if (!h || h.status !== 'up') {
    warn(`the suite is not fully healthy after 90 s: ${JSON.stringify(h?.services ?? 'gateway not answering')} — see .run/logs/`);
  }
  const url = `http://127.0.0.1:${gatewayPort}`;
  process.stdout.write(`
  grid122 is up — 网格化管理 "122" 指挥中心 (宝塔桥街道 demo street)

    Web page (指挥大屏)   ${url}/
    API                   ${url}/api/v1
    OpenAPI               ${url}/api/docs
    Health                ${url}/health
    NATS                  ${env.NATS_URL}${Object.keys(natsEnv).length ? '   (the suite\'s own, one user per app: .run/nats/auth.conf)' : ''}
    Open311 (platforms)   ${url}/open311/v2/discovery.json   API key: ${env.DEMO_API_KEY}

    Demo accounts (password: ${env.DEMO_PASSWORD}):
      admin, district, commander, organisation, petitions, social, enforcement, liaison, worker, community, auditor, security

  Ctrl-C stops everything.
`);
}

main().catch((e) => {
  process.stderr.write(`\n[grid122] npm start could not finish: ${e instanceof SetupError ? e.message : e.stack}\n`);
  void shutdown(1);
});
