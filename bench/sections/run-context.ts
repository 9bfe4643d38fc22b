import { Client } from 'pg';
import { PrivateNatsServer } from '@grid122/testing';
import { BenchProcess, sleep } from '../lib/procs';

/** What the sections of a run share: the database, NATS, the suite's processes and ports, the login, and the baseline's figures. */
export interface BenchRun {
  mode: 'dist' | 'source';
  nats: PrivateNatsServer;
  db: Client;
  /** The environment every app (and the baseline chain) starts with. */
  baseEnv: Record<string, string>;
  /** Processes other than the suite's (the baseline chain), stopped at the end. */
  procs: BenchProcess[];
  suite: Map<string, BenchProcess>;
  ports: Record<string, number>;
  gatewayUrl: string;
  token: string;
  auth: { authorization: string };
  /** Level-3 polygons of the city. */
  level3: number;
  baseline: { throughput: number; p50: number; p99: number } | null;
  baselineSeq: { p50: number; p99: number } | null;
  intakeTp: number | null;
}


export async function waitFor(what: string, f: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const t = Date.now();
  while (Date.now() - t < timeoutMs) {
    if (await f()) return Date.now() - t;
    await sleep(100);
  }
  throw new Error(`${what} not ready within ${timeoutMs} ms`);
}
