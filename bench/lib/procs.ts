import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join, resolve } from 'node:path';

// Plain CommonJS shared with scripts/start.mjs (which cannot import TypeScript).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { serviceNodeOptions } = require('../../scripts/lib/node-options.cjs') as { serviceNodeOptions: (current?: string) => string };

export const ROOT = resolve(__dirname, '..', '..');

/** Newest modification time under apps/ and libs/ sources (tests and builds excluded). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'dist', 'test'].includes(e.name)) continue;
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Where the apps run from: a build (dist/ when fresh, or the bench's private build) or source.
 * BENCH_DIST=<dir> names a build made beforehand (`tsc -p tsconfig.build.json --outDir <dir>` and
 * tsc-alias), used as it is: two builds measured A/B back to back without rebuilding.
 */
let distDir = process.env.BENCH_DIST ? resolve(process.env.BENCH_DIST) : join(ROOT, 'dist');

/** Runs from dist when a build exists and is newer than every source file (or is BENCH_DIST's), else from source (swc on require). */
export function launchMode(): 'dist' | 'source' {
  const marker = join(distDir, 'apps/gateway/src/main.js');
  if (process.env.BENCH_FROM === 'source') return 'source';
  if (process.env.BENCH_DIST) {
    if (!existsSync(marker)) throw new Error(`BENCH_DIST=${process.env.BENCH_DIST}: no build there (${marker})`);
    return 'dist';
  }
  if (!existsSync(marker)) return 'source';
  const built = statSync(marker).mtimeMs;
  return ['apps', 'libs'].some((d) => newestSource(join(ROOT, d)) > built) ? 'source' : 'dist';
}

/**
 * Builds the working tree with the project's own tsc config into a private directory (the shared
 * dist/ is left alone), so the suite runs as `npm start` runs it: compiled, without swc in-process.
 */
export function privateBuild(dir: string): void {
  const tsc = join(ROOT, 'node_modules/.bin/tsc');
  const alias = join(ROOT, 'node_modules/.bin/tsc-alias');
  for (const [bin, args] of [[tsc, ['-p', 'tsconfig.build.json', '--outDir', dir]], [alias, ['-p', 'tsconfig.build.json', '--outDir', dir]]] as const) {
    const r = spawnSync(bin, [...args], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed:\n${(r.stdout ?? '').slice(-3000)}${(r.stderr ?? '').slice(-2000)}`);
  }
  distDir = dir;
}

function appArgs(app: string, mode: 'dist' | 'source'): string[] {
  return mode === 'dist'
    ? [join(distDir, 'apps', app, 'src/main.js')]
    : ['--require', './scripts/swc-register.js', `apps/${app}/src/main.ts`];
}

/** RSS of a process in MiB, from /proc (0 when gone). */
export function rssMiB(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : 0;
  } catch {
    return 0;
  }
}

export function httpGetJson(url: string, timeoutMs = 2000): Promise<{ status: number; body: unknown }> {
  return new Promise((res) => {
    const req = httpRequest(url, { method: 'GET', timeout: timeoutMs }, (r) => {
      const chunks: Buffer[] = [];
      r.on('data', (c) => chunks.push(c));
      r.on('end', () => {
        let body: unknown = null;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          body = null;
        }
        res({ status: r.statusCode ?? 0, body });
      });
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => res({ status: 0, body: null }));
    req.end();
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** One app of the suite (or a bare baseline process) as a child process. */
export class BenchProcess {
  proc?: ChildProcess;
  private readonly lines: string[] = [];

  constructor(
    readonly name: string,
    private readonly args: string[],
    private readonly env: Record<string, string>,
  ) {}

  /** A service, with the V8 options every service runs with (as `npm start` gives them). */
  static app(app: string, mode: 'dist' | 'source', env: Record<string, string>, extraNodeArgs: string[] = []): BenchProcess {
    return new BenchProcess(app, [...extraNodeArgs, ...appArgs(app, mode)], { ...env, NODE_OPTIONS: serviceNodeOptions(env.NODE_OPTIONS) });
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  tail(n = 30): string {
    return this.lines.slice(-n).join('\n');
  }

  start(extra: string[] = []): ChildProcess {
    const p = spawn(process.execPath, [...this.args, ...extra], {
      cwd: ROOT,
      // NODE_PATH: a private build outside the tree still finds the project's node_modules.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_PATH: join(ROOT, 'node_modules'), ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      for (const l of chunk.toString('utf8').split('\n')) {
        if (!l) continue;
        this.lines.push(l.length > 2000 ? `${l.slice(0, 2000)}…` : l);
        if (this.lines.length > 500) this.lines.shift();
      }
    };
    p.stdout?.on('data', keep);
    p.stderr?.on('data', keep);
    this.proc = p;
    return p;
  }

  /** Runs to completion (migrate): throws with the output on failure. */
  async runToEnd(extra: string[]): Promise<void> {
    const p = this.start(extra);
    const code = await new Promise<number | null>((r) => p.once('exit', (c) => r(c)));
    if (code !== 0) throw new Error(`${this.name} ${extra.join(' ')} exited ${code}:\n${this.tail()}`);
  }

  get running(): boolean {
    return !!this.proc && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** SIGTERM, then SIGKILL after graceMs. */
  async stop(graceMs = 8000): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    await new Promise<void>((r) => {
      const t = setTimeout(() => p.kill('SIGKILL'), graceMs);
      p.once('exit', () => (clearTimeout(t), r()));
      p.kill('SIGTERM');
    });
  }
}

/** CPU time (user + system) a process has used so far, in ms (clock ticks of 10 ms). */
export function cpuMs(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}
