#!/usr/bin/env node
// `npm test`: provisions what the tests need (npm deps, PostgreSQL with PostGIS and ltree,
// nats-server, Chromium), then runs the type check, the dependency rules and every test
// (unit + integration against real Postgres and NATS). Each e2e file gets its own database
// (name contains "test") and its own private nats-server, so a running demo never crosses them.
//
// On another Node.js major (issue #22 item 8; the machine's own Node 20 stays the default):
//   node scripts/test.mjs --node 22              unit tests + the e2e subset below, on Node 22
//   node scripts/test.mjs --node 22 --all        every step, on Node 22
//   node scripts/test.mjs --node 22 <jest args>  one jest run, on Node 22
// (TEST_NODE=22 works as --node 22). Node 22 is the npm registry's node@22 (see ensureNode).
import { ROOT, ensureChromium, ensureDependencies, ensureExtensionsAvailable, ensureNode, ensurePostgres, natsServerBinary } from './lib/provision.mjs';
import { SetupError, log, runAsync, runQuiet, warn } from './lib/sh.mjs';
import { dirname, join } from 'node:path';

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/grid122_test';
const bin = (name) => join(ROOT, 'node_modules/.bin', name);
let args = process.argv.slice(2);
let nodeMajor = process.env.TEST_NODE || null;
const nodeAt = args.indexOf('--node');
if (nodeAt >= 0) {
  nodeMajor = args[nodeAt + 1];
  args = [...args.slice(0, nodeAt), ...args.slice(nodeAt + 2)];
}
const all = args[0] === '--all' && args.length === 1;
if (all) args = [];

// The e2e specs of the other-Node pass: every service's gateway routes (auth with argon2, grids,
// incidents with photos, live events, petitions, social services, enforcement) — representative,
// and a fraction of the whole e2e project's time. Keep in step with docs/developing.md.
const OTHER_NODE_E2E = [
  'apps/gateway/test/foundation.e2e-spec.ts',
  'apps/gateway/test/incidents.e2e-spec.ts',
  'apps/gateway/test/events.e2e-spec.ts',
  'apps/gateway/test/petitions.e2e-spec.ts',
  'apps/gateway/test/social.e2e-spec.ts',
  'apps/gateway/test/enforcement.e2e-spec.ts',
];

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
  // The tests start the apps, vite and jest's workers with process.execPath, so running jest (and
  // every `node` on PATH) with the other binary puts the whole run on that Node.
  const node = nodeMajor ? ensureNode(nodeMajor) : process.execPath;
  if (nodeMajor) env.PATH = `${dirname(node)}:${env.PATH ?? ''}`;
  const jest = join(ROOT, 'node_modules/jest/bin/jest.js');
  const steps = [];
  if (nodeMajor && args.length === 0 && !all) {
    log(`Node.js ${nodeMajor}: unit tests and ${OTHER_NODE_E2E.length} e2e specs (--all for every step)`);
    steps.push([`unit tests on Node ${nodeMajor}`, node, [jest, '--selectProjects', 'unit', '--ci']]);
    steps.push([`integration tests on Node ${nodeMajor} (${OTHER_NODE_E2E.length} specs)`, node, [jest, '--selectProjects', 'e2e', '--ci', '--maxWorkers=2', '--forceExit', ...OTHER_NODE_E2E]]);
  } else if (args.length === 0) {
    steps.push(['type check (tsc)', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']]);
    steps.push(['dependency rules (dependency-cruiser)', bin('depcruise'), ['apps', 'libs', '--config', '.dependency-cruiser.cjs', '--output-type', 'err']]);
    steps.push(['unit tests', bin('jest'), ['--selectProjects', 'unit', '--ci']]);
    steps.push(['integration tests (real Postgres + NATS)', bin('jest'), ['--selectProjects', 'e2e', '--ci', '--maxWorkers=2', '--forceExit']]);
    steps.push(['fault tests (kill -9, NATS and Postgres restarts)', bin('jest'), ['--selectProjects', 'faults', '--ci', '--runInBand', '--forceExit', '--passWithNoTests']]);
    steps.push(['federation tests (street → district over leaf nodes)', bin('jest'), ['--selectProjects', 'federation', '--ci', '--runInBand', '--forceExit', '--passWithNoTests']]);
  } else {
    steps.push([`jest ${args.join(' ')}`, node, [jest, '--ci', '--forceExit', ...args]]);
  }
  // (--all: tsc, depcruise and jest's .bin shims start `node` from PATH, i.e. the same binary.)
  if (nodeMajor) log(`running on Node.js ${runQuiet(node, ['--version']).out.trim()} (${node})`);
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
