#!/usr/bin/env node
// `npm test`: provisions what the tests need (npm deps, PostgreSQL with PostGIS and ltree,
// nats-server, Chromium), then runs the type check, the dependency rules and every test
// (unit + integration against real Postgres and NATS). Each e2e file gets its own database
// (name contains "test") and its own private nats-server, so a running demo never crosses them.
import { ROOT, ensureChromium, ensureDependencies, ensureExtensionsAvailable, ensurePostgres, natsServerBinary } from './lib/provision.mjs';
import { SetupError, log, runAsync, warn } from './lib/sh.mjs';
import { join } from 'node:path';

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/grid122_test';
const bin = (name) => join(ROOT, 'node_modules/.bin', name);
const args = process.argv.slice(2);

async function main() {
  ensureDependencies();
  await ensurePostgres(TEST_DATABASE_URL);
  await ensureExtensionsAvailable(TEST_DATABASE_URL);
  const natsBin = natsServerBinary();
  let chromium = null;
  try {
    chromium = ensureChromium();
  } catch (e) {
    warn(`the page tests will fail without Chromium: ${e.message}`);
  }
  const env = { ...process.env, TEST_DATABASE_URL, NATS_SERVER_BIN: natsBin, NODE_ENV: 'test', ...(chromium ? { CHROMIUM_PATH: chromium } : {}) };
  const steps = [];
  if (args.length === 0) {
    steps.push(['type check (tsc)', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']]);
    steps.push(['dependency rules (dependency-cruiser)', bin('depcruise'), ['apps', 'libs', '--config', '.dependency-cruiser.cjs', '--output-type', 'err']]);
    steps.push(['unit tests', bin('jest'), ['--selectProjects', 'unit', '--ci']]);
    steps.push(['integration tests (real Postgres + NATS)', bin('jest'), ['--selectProjects', 'e2e', '--ci', '--maxWorkers=2', '--forceExit']]);
    steps.push(['fault tests (kill -9, NATS and Postgres restarts)', bin('jest'), ['--selectProjects', 'faults', '--ci', '--runInBand', '--forceExit', '--passWithNoTests']]);
    steps.push(['federation tests (street → district over leaf nodes)', bin('jest'), ['--selectProjects', 'federation', '--ci', '--runInBand', '--forceExit', '--passWithNoTests']]);
  } else {
    steps.push([`jest ${args.join(' ')}`, bin('jest'), ['--ci', '--forceExit', ...args]]);
  }
  const failed = [];
  for (const [name, cmd, a] of steps) {
    log(`── ${name}`);
    const code = await runAsync(cmd, a, { cwd: ROOT, env });
    if (code !== 0) failed.push(name);
  }
  if (failed.length) {
    warn(`failed: ${failed.join(', ')}`);
    process.exit(1);
  }
  log('all tests passed');
}

main().catch((e) => {
  process.stderr.write(`\n[grid122] npm test could not run: ${e instanceof SetupError ? e.message : e.stack}\n`);
  process.exit(2);
});
