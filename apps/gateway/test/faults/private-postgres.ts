import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from '@grid122/testing';

const run = promisify(execFile);

/** Where PostgreSQL's server binaries are: PG_BIN, else Debian's newest /usr/lib/postgresql/<major>/bin. */
const PG_BIN =
  process.env.PG_BIN ??
  (() => {
    const root = '/usr/lib/postgresql';
    const majors = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
    majors.sort((a, b) => Number(b) - Number(a));
    return join(root, majors[0] ?? '15', 'bin');
  })();

/**
 * A PostgreSQL cluster of the fault suite's own (initdb in a temp dir, a free loopback port,
 * fsync off): what the suite restarts and stops, never the machine's shared server. PostGIS,
 * ltree and pgcrypto come from the same installation. As root (a container), the server runs as
 * the `postgres` user (initdb refuses root).
 */
export class PrivatePostgres {
  readonly dir = mkdtempSync(join(tmpdir(), 'grid122-pg-'));
  port = 0;

  static available(): boolean {
    return existsSync(join(PG_BIN, 'initdb')) && existsSync(join(PG_BIN, 'pg_ctl'));
  }

  private get data(): string {
    return join(this.dir, 'data');
  }

  url(db = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${db}`;
  }

  private async pg(cmd: string, args: string[]): Promise<void> {
    const bin = join(PG_BIN, cmd);
    if (process.getuid?.() === 0) await run('runuser', ['-u', 'postgres', '--', bin, ...args], { timeout: 120_000 });
    else await run(bin, args, { timeout: 120_000 });
  }

  async init(): Promise<void> {
    if (process.getuid?.() === 0) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const { stdout: gid } = await run('id', ['-g', 'postgres']);
      chownSync(this.dir, Number(stdout.trim()), Number(gid.trim()));
    }
    this.port = await freePort();
    await this.pg('initdb', ['-D', this.data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale', 'C.UTF-8']);
    await this.start();
  }

  async start(): Promise<void> {
    // fsync off: only an OS crash loses what was not flushed, and the suite crashes processes, not
    // the machine. synchronous_commit stays on: a commit Postgres acknowledged survives its crash.
    const opts = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300 -c shared_buffers=64MB`;
    await this.pg('pg_ctl', ['-D', this.data, '-o', opts, '-l', join(this.dir, 'log'), '-w', '-t', '60', 'start']);
  }

  /** `pg_ctl stop`: `immediate` is a crash (no checkpoint, every connection cut; recovery at the next start). */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.pg('pg_ctl', ['-D', this.data, '-m', mode, '-w', '-t', '60', 'stop']).catch(() => undefined);
  }

  /** A database with the suite's extensions (what the shared server's template holds). */
  async createDatabase(name: string): Promise<string> {
    const admin = new Client({ connectionString: this.url() });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    const c = new Client({ connectionString: this.url(name) });
    await c.connect();
    try {
      for (const ext of ['postgis', 'ltree', 'pgcrypto']) await c.query(`CREATE EXTENSION IF NOT EXISTS ${ext}`);
    } finally {
      await c.end();
    }
    return this.url(name);
  }

  async destroy(): Promise<void> {
    await this.stop('immediate');
    rmSync(this.dir, { recursive: true, force: true });
  }
}
