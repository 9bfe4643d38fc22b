#!/usr/bin/env node
// `npm run bench` (full scale, many minutes, run by hand; results committed in bench/results/)
// `npm run bench -- --small` (tiny scale, < 2 min, run in CI so the script never rots).
// The benchmark itself is TypeScript (bench/run.ts) run from source with the swc register hook.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const child = spawn(process.execPath, ['--max-old-space-size=4096', '--require', './scripts/swc-register.js', 'bench/run.ts', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
