#!/usr/bin/env node
// `npm run bench` (full scale, many minutes, run by hand; results committed in bench/results/)
// `npm run bench -- --small` (tiny scale, < 2 min, run in CI so the script never rots).
// The benchmark itself is TypeScript (bench/run.ts) run from source with the swc register hook.
// Provisions what it needs first, as `npm test` does (npm deps, PostgreSQL with PostGIS and ltree).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureDependencies, ensureExtensionsAvailable, ensurePostgres } from './lib/provision.mjs';
import { SetupError, warn } from './lib/sh.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const small = process.argv.includes('--small');
const dbUrl = process.env.BENCH_DATABASE_URL ?? `postgres://postgres@127.0.0.1:5432/grid122_bench${small ? '_small' : ''}`;
try {
  ensureDependencies();
  await ensurePostgres(dbUrl);
  await ensureExtensionsAvailable(dbUrl);
} catch (e) {
  if (!(e instanceof SetupError)) throw e;
  warn(e.message);
  process.exit(1);
}
const child = spawn(process.execPath, ['--max-old-space-size=4096', '--require', './scripts/swc-register.js', 'bench/run.ts', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
