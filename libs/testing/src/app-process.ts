import { ChildProcess, spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { resolve } from 'node:path';

/** The repository root (libs/testing/src → ../../..). */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

export interface AppProcessOptions {
  /** apps/<app> folder name: gateway, office, grid-registry, … */
  app: string;
  /** Environment of the child (merged over a minimal PATH/HOME). */
  env: Record<string, string>;
  /** HTTP port: the API for the gateway, /health and /metrics for a service. */
  port: number;
  /** Lines of output kept for diagnostics and log assertions. */
  keepLines?: number;
}

/**
 * One app of the suite as a child process, run from source without a build
 * (`node --require ./scripts/swc-register.js apps/<app>/src/main.ts`): what the fault specs kill
 * with SIGKILL and start again, and what log-redaction checks read the stdout of.
 */
export class AppProcess {
  private proc?: ChildProcess;
  private readonly lines: string[] = [];
  private partial = '';
  /** Every start(), for the recovery report. */
  starts = 0;

  constructor(readonly opts: AppProcessOptions) {}

  get name(): string {
    return this.opts.app;
  }

  get url(): string {
    return `http://127.0.0.1:${this.opts.port}`;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  get running(): boolean {
    return !!this.proc && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** Output lines seen so far (stdout and stderr, newest last). */
  output(): string[] {
    return [...this.lines];
  }

  /** `main.ts migrate`: runs to completion, throws with the output on a non-zero exit. */
  async migrate(): Promise<void> {
    const code = await new Promise<number | null>((res, rej) => {
      const p = this.spawn(['migrate']);
      p.once('error', rej);
      p.once('exit', (c) => res(c));
    });
    if (code !== 0) throw new Error(`${this.name} migrate exited ${code}:\n${this.lines.slice(-20).join('\n')}`);
  }

  /** Starts `serve` and waits until `/health` (services) or `/health/live` (gateway) answers 200. */
  async start(timeoutMs = 60_000): Promise<void> {
    if (this.running) return;
    this.starts += 1;
    const p = this.spawn(['serve']);
    this.proc = p;
    const path = this.name === 'gateway' ? '/health/live' : '/health';
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (p.exitCode !== null || p.signalCode !== null) {
        throw new Error(`${this.name} exited during start (${p.exitCode ?? p.signalCode}):\n${this.lines.slice(-30).join('\n')}`);
      }
      if ((await httpStatus(`${this.url}${path}`, 1000)) === 200) return;
      await sleep(100);
    }
    throw new Error(`${this.name} not healthy within ${timeoutMs} ms:\n${this.lines.slice(-30).join('\n')}`);
  }

  /** Sends a signal (SIGKILL by default: no shutdown hooks run) and waits for the exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const p = this.proc;
    this.proc = undefined;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    await new Promise<void>((r) => {
      p.once('exit', () => r());
      p.kill(signal);
    });
  }

  /** A graceful stop (SIGTERM, Nest's shutdown hooks), SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const timer = setTimeout(() => p.kill('SIGKILL'), graceMs);
    await this.kill('SIGTERM');
    clearTimeout(timer);
  }

  private spawn(args: string[]): ChildProcess {
    const p = spawn(process.execPath, ['--require', './scripts/swc-register.js', `apps/${this.name}/src/main.ts`, ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...this.opts.env, PORT: String(this.opts.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = this.opts.keepLines ?? 2000;
    const onData = (chunk: Buffer) => {
      const text = this.partial + chunk.toString('utf8');
      const parts = text.split('\n');
      this.partial = parts.pop() ?? '';
      for (const l of parts) {
        if (!l) continue;
        this.lines.push(l);
        if (this.lines.length > keep) this.lines.shift();
      }
    };
    p.stdout?.on('data', onData);
    p.stderr?.on('data', onData);
    return p;
  }
}

/** GET a URL and return its status (0 when unreachable or slow). */
export function httpStatus(url: string, timeoutMs: number): Promise<number> {
  return new Promise((res) => {
    const req = httpRequest(url, { method: 'GET', timeout: timeoutMs }, (r) => {
      r.resume();
      res(r.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => res(0));
    req.end();
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
