/**
 * A bounded soak (耐久测试): N minutes of mixed traffic at a fixed rate against a running suite,
 * from this separate process. Reports throughput, p50/p99 latency, errors, and the resident memory
 * of every suite process at the start (after a warm-up) and at the end, and fails (exit 1) when
 * memory grows beyond the bound or more than 1% of requests fail.
 *
 *   node --require ./scripts/swc-register.js bench/soak/soak.ts --minutes 1
 *        [--rate 50] [--url http://127.0.0.1:3000] [--user commander] [--password grid122-demo]
 *        [--pids 123,456]  only these processes in the memory report
 *        [--spawn]   start a private suite (office, grid-registry, appraisal, gateway) as child processes
 *
 * Not part of npm test. Memory bound: end RSS ≤ 1.5 × start RSS + 64 MB per process (a leak of a
 * few KB per request over a 10-minute soak at 50 req/s crosses it; V8's heap growing to its
 * working size after the warm-up does not).
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createTemplateDatabase } from '@grid122/testing';

const GRID = 'nj.gulou.btq.c01.g2_01.g3_01';
const GRID_ID = '11111111-1111-4111-8111-111111111111';
const RSS_FACTOR = 1.5;
const RSS_SLACK_MB = 64;

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = process.argv[i + 1];
  return v && !v.startsWith('--') ? v : 'true';
}

/** The suite's node processes on this machine, by app name (from their command lines), with RSS in MB. */
function suiteRss(only?: Set<number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d) && (!only || only.has(Number(d))))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      const m = /apps\/([a-z-]+)\/(?:src\/)?main\.(?:ts|js)(?!\s+(?:migrate|seed))/.exec(cmd);
      if (!m) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (rss) out[`${m[1]}#${pid}`] = Math.round(Number(rss[1]) / 1024);
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0);

async function main() {
  const minutes = Number(arg('minutes', '1'));
  const rate = Number(arg('rate', '50'));
  let url = arg('url', 'http://127.0.0.1:3000')!;
  let user = arg('user', 'commander')!;
  let password = arg('password', 'grid122-demo')!;
  let stopSuite: (() => Promise<void>) | undefined;
  // --pids 1,2,3 limits the memory report to those processes (another suite may run on the machine).
  let pids: Set<number> | undefined = arg('pids') ? new Set(arg('pids')!.split(',').map(Number)) : undefined;

  if (arg('spawn')) {
    await createTemplateDatabase();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { ProcessSuite, FAULT_PASSWORD } = require('../../apps/gateway/test/faults/suite-processes') as typeof import('../../apps/gateway/test/faults/suite-processes');
    const suite = await ProcessSuite.start(['office', 'grid-registry', 'appraisal'], { OFFICE_SWEEP_INTERVAL_MS: '0' });
    url = suite.gatewayUrl;
    user = 'commander';
    password = FAULT_PASSWORD;
    stopSuite = () => suite.stop();
    pids = new Set([...suite.apps.values()].map((a) => a.pid!).filter(Boolean));
  }

  const login = await globalThis.fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password }) });
  if (login.status !== 200) throw new Error(`login ${user} at ${url}: ${login.status} ${await login.text()}`);
  const token = ((await login.json()) as { accessToken: string }).accessToken;
  const auth = { authorization: `Bearer ${token}` };
  // Every request is bounded: a hung answer counts as an error instead of stalling the report.
  const fetch = (u: string, init: RequestInit = {}) => globalThis.fetch(u, { ...init, signal: AbortSignal.timeout(10_000) });
  const reported: string[] = [];

  // Mixed traffic, weights out of 100: reads dominate, as on a command hub's screens.
  const mix: { weight: number; name: string; run: () => Promise<Response> }[] = [
    { weight: 45, name: 'list incidents', run: () => fetch(`${url}/api/v1/incidents?limit=20`, { headers: auth }) },
    { weight: 10, name: 'key-area stats', run: () => fetch(`${url}/api/v1/stats/key-areas`, { headers: auth }) },
    { weight: 10, name: 'categories', run: () => fetch(`${url}/api/v1/categories`, { headers: auth }) },
    { weight: 5, name: 'health', run: () => fetch(`${url}/health/live`) },
    {
      weight: 20,
      name: 'report incident',
      run: async () => {
        const r = await fetch(`${url}/api/v1/incidents`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
          body: JSON.stringify({ source: 'grid_patrol', title: `soak ${Date.now()}`, keyArea: 'other', category: 'exposed_rubbish', address: '宝塔桥街道 5号楼', gridId: GRID_ID, gridPath: GRID }),
        });
        if (r.status === 201) reported.push(((await r.clone().json()) as { id: string }).id);
        return r;
      },
    },
    {
      weight: 10,
      name: 'register',
      run: () => {
        const id = reported.shift();
        return id ? fetch(`${url}/api/v1/incidents/${id}/register`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' }) : fetch(`${url}/api/v1/categories`, { headers: auth });
      },
    },
  ];
  const pick = () => {
    let x = Math.random() * 100;
    for (const m of mix) if ((x -= m.weight) < 0) return m;
    return mix[0];
  };

  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let sent = 0;
  let done = 0;
  let dropped = 0;
  let inflight = 0;
  const one = async () => {
    const m = pick();
    const t0 = performance.now();
    inflight += 1;
    try {
      const r = await m.run();
      await r.arrayBuffer();
      if (r.status >= 500 || r.status === 429) errors[`${m.name} ${r.status}`] = (errors[`${m.name} ${r.status}`] ?? 0) + 1;
    } catch (e) {
      errors[`${m.name} ${(e as Error).message}`] = (errors[`${m.name} ${(e as Error).message}`] ?? 0) + 1;
    } finally {
      inflight -= 1;
      done += 1;
      latencies.push(performance.now() - t0);
    }
  };
  /** Open loop at a fixed rate: a slow answer does not slow the offered load (no coordinated omission). */
  const drive = (ms: number, record: boolean) =>
    new Promise<void>((resolve) => {
      const start = Date.now();
      let due = 0;
      const timer = setInterval(() => {
        const should = Math.floor(((Date.now() - start) / 1000) * rate);
        for (; due < should; due += 1) {
          if (inflight >= 256) {
            dropped += 1;
            continue;
          }
          if (record) sent += 1;
          void one();
        }
        if (Date.now() - start >= ms) {
          clearInterval(timer);
          resolve();
        }
      }, 10);
    });

  process.stdout.write(`warm-up 10 s at ${rate} req/s against ${url}\n`);
  await drive(10_000, false);
  while (inflight > 0) await new Promise((r) => setTimeout(r, 20));
  latencies.length = 0;
  done = 0;
  const rssStart = suiteRss(pids);
  const t0 = Date.now();
  process.stdout.write(`soak ${minutes} min at ${rate} req/s\n`);
  await drive(minutes * 60_000, true);
  while (inflight > 0) await new Promise((r) => setTimeout(r, 20));
  const seconds = (Date.now() - t0) / 1000;
  const rssEnd = suiteRss(pids);

  const sorted = [...latencies].sort((a, b) => a - b);
  const errorCount = Object.values(errors).reduce((a, b) => a + b, 0);
  const lines = [
    '',
    `requests ${sent} in ${seconds.toFixed(1)} s = ${(done / seconds).toFixed(1)} req/s | p50 ${pct(sorted, 50).toFixed(1)} ms | p99 ${pct(sorted, 99).toFixed(1)} ms | max ${pct(sorted, 100).toFixed(1)} ms`,
    `errors ${errorCount} (${((errorCount / Math.max(1, done)) * 100).toFixed(2)}%)${errorCount ? ` ${JSON.stringify(errors)}` : ''} | dropped (over 256 in flight) ${dropped}`,
    '',
    'process                      RSS start MB  RSS end MB  bound MB',
  ];
  let grew = false;
  for (const k of Object.keys({ ...rssStart, ...rssEnd }).sort()) {
    const a = rssStart[k];
    const b = rssEnd[k];
    const bound = a ? Math.round(a * RSS_FACTOR + RSS_SLACK_MB) : 0;
    if (a && b && b > bound) grew = true;
    lines.push(`${k.padEnd(28)} ${String(a ?? '-').padStart(12)}  ${String(b ?? '-').padStart(10)}  ${String(bound || '-').padStart(8)}${a && b && b > bound ? '  OVER' : ''}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  await stopSuite?.();
  const failed = grew || errorCount / Math.max(1, done) > 0.01 || Object.keys(rssStart).length === 0;
  if (Object.keys(rssStart).length === 0) process.stdout.write('no suite process found in /proc (is the suite running on this machine?)\n');
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
