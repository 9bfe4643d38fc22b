import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const ok = await new Promise<boolean>((r) => {
      const s = new Socket();
      s.once('connect', () => (s.destroy(), r(true)));
      s.once('error', () => (s.destroy(), r(false)));
      s.connect(port, '127.0.0.1');
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`nats-server did not open port ${port} within ${timeoutMs} ms`);
}

export const NATS_SERVER_BIN = process.env.NATS_SERVER_BIN ?? (process.platform === 'linux' ? '/usr/sbin/nats-server' : 'nats-server');

/**
 * A private nats-server with JetStream in a temp dir, on a free loopback port: a test's streams
 * never cross a running demo suite's. `stop()` + `start()` restarts it on the same port and store.
 */
export class PrivateNatsServer {
  private proc?: ChildProcess;
  readonly storeDir = mkdtempSync(join(tmpdir(), 'grid122-nats-'));
  port = 0;
  /** Extra arguments of every start (e.g. `-c <config>` with the apps' users), kept across restarts. */
  configArgs: string[] = [];

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async start(extraArgs: string[] = []): Promise<void> {
    if (!this.port) this.port = await freePort();
    this.proc = spawn(NATS_SERVER_BIN, ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir, ...this.configArgs, ...extraArgs], {
      stdio: 'ignore',
    });
    this.proc.on('error', (e) => {
      throw new Error(`cannot start ${NATS_SERVER_BIN}: ${e.message} (install Debian's nats-server, or run npm test)`);
    });
    await waitForPort(this.port, 10_000);
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const p = this.proc;
    this.proc = undefined;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((r) => {
      p.once('exit', () => r());
      p.kill(signal);
    });
  }

  async destroy(): Promise<void> {
    await this.stop('SIGKILL');
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}
