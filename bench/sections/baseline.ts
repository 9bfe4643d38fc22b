import { freePort } from '@grid122/testing';
import { SCALE } from '../lib/config';
import { CannonResult, load, runs, SeqResult } from '../lib/load';
import { BenchProcess, rssMiB } from '../lib/procs';
import { add, details } from '../lib/report';
import { figure, percentile } from '../lib/stats';
import { BenchRun, waitFor } from './run-context';

/** 1. The bare chain (http → NATS → a bare responder → one pg insert): the floor every ratio is taken to. */
export async function measureBaseline(run: BenchRun): Promise<void> {
  const { baseEnv, procs } = run;
  const port = await freePort();
  const responder = new BenchProcess('baseline-responder', ['bench/baseline/responder.mjs'], { ...baseEnv });
  const server = new BenchProcess('baseline-server', ['bench/baseline/server.mjs'], { ...baseEnv, PORT: String(port) });
  procs.push(responder, server);
  responder.start();
  await waitFor('baseline responder', async () => responder.tail().includes('ready'), 20_000);
  server.start();
  await waitFor('baseline server', async () => server.tail().includes('ready'), 20_000);
  const body = { title: '占道经营 baseline', keyArea: 'illegal_business', category: 'street_occupation', source: 'grid_patrol', location: { lng: 118.77, lat: 32.1 } };
  const rs = await runs(SCALE.runs, () =>
    load<CannonResult>('cannon.mjs', { url: `http://127.0.0.1:${port}/`, method: 'POST', headers: { 'content-type': 'application/json' }, bodies: [body], connections: 50, duration: SCALE.durationS }),
  );
  details.baseline = rs;
  const tp = figure(rs.map((r) => r.throughput), 'req/s');
  const p50 = figure(rs.map((r) => r.p50), 'ms');
  const p99 = figure(rs.map((r) => r.p99), 'ms');
  run.baseline = { throughput: tp.median, p50: p50.median, p99: p99.median };
  add({ section: 'Baseline', label: 'throughput, 50 connections', value: tp });
  add({ section: 'Baseline', label: 'latency p50', value: p50 });
  add({ section: 'Baseline', label: 'latency p99', value: p99 });
  add({ section: 'Baseline', label: 'errors (sum of runs)', value: figure([rs.reduce((a, r) => a + r.errors, 0)], 'requests') });
  // One request at a time: the floor for the sequential latency figures (locate, dashboard).
  const seq = await runs(SCALE.runs, () => load<SeqResult>('cannon.mjs', { mode: 'seq', url: `http://127.0.0.1:${port}/`, method: 'POST', headers: { 'content-type': 'application/json' }, bodies: [body], n: SCALE.seqN }));
  const seqP99 = figure(seq.map((r) => r.p99), 'ms');
  run.baselineSeq = { p50: percentile(seq.map((r) => r.p50), 50), p99: seqP99.median };
  add({ section: 'Baseline', label: 'one client, request after request: p50', value: figure(seq.map((r) => r.p50), 'ms') });
  add({ section: 'Baseline', label: 'one client, request after request: p99', value: seqP99 });
  details.baselineRss = { server: rssMiB(server.pid), responder: rssMiB(responder.pid) };
  await server.stop();
  await responder.stop();
}
