// Small process helpers for the project's scripts (no dependencies: they run before npm ci).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Socket } from 'node:net';

export const log = (msg) => process.stdout.write(`\x1b[36m[grid122]\x1b[0m ${msg}\n`);
export const warn = (msg) => process.stdout.write(`\x1b[33m[grid122] ${msg}\x1b[0m\n`);
export class SetupError extends Error {}
export const fail = (what, fix) => {
  throw new SetupError(`${what}\n  How to fix: ${fix}`);
};

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
}

export function runQuiet(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  return { ok: !r.error && r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** Runs a command, streaming output; resolves with the exit code. */
export function runAsync(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { stdio: 'inherit', ...opts });
    p.on('error', reject);
    p.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

export function which(bin, extra = []) {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin', '/usr/local/bin', ...extra]) {
    if (dir && existsSync(`${dir}/${bin}`)) return `${dir}/${bin}`;
  }
  return null;
}

export const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

let aptUpdated = false;
/** Installs Debian packages when we are root on a Debian-like machine; otherwise says how. */
export function aptInstall(packages, why) {
  if (!isRoot() || !which('apt-get')) {
    fail(`${why}: ${packages.join(', ')} not installed`, `install them (Debian: sudo apt-get install -y ${packages.join(' ')}) and run again`);
  }
  log(`installing ${packages.join(', ')} (${why}) with apt-get…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    run('apt-get', ['update', '-qq'], { env });
    aptUpdated = true;
  }
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { env });
}

export function tcpOpen(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const s = new Socket();
    const done = (ok) => (s.destroy(), resolve(ok));
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
    s.connect(port, host);
  });
}

export async function waitFor(check, timeoutMs, what) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  fail(`${what} did not come up within ${Math.round(timeoutMs / 1000)} s`, 'see the log lines above');
}
