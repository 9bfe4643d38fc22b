import { DB_URL, log, small, SCALE } from '../lib/config';
import { CannonResult, load, runs } from '../lib/load';
import { consumerLag, sampleWaits } from '../lib/probes';
import { cpuMs } from '../lib/procs';
import { add, details } from '../lib/report';
import { figure, round } from '../lib/stats';
import { profileWindow } from './profiles';
import { BenchRun } from './run-context';
import { Workload } from './workload';

/** 2. Intake: POST /api/v1/incidents at 50 connections; Node CPU per report per app, Postgres's waits, the consumers' lag after. */
export async function measureIntake(run: BenchRun, w: Workload): Promise<void> {
  const { suite, gatewayUrl, auth, nats, baseline } = run;
  const { bodies } = w;
  const waits = await sampleWaits(DB_URL);
  const cpuBefore = Object.fromEntries([...suite].map(([app, p]) => [app, cpuMs(p.pid)]));
  const profiled = profileWindow('intake');
  const rs = await runs(SCALE.runs, (i) =>
    load<CannonResult>('cannon.mjs', { url: `${gatewayUrl}/api/v1/incidents`, method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, bodies, connections: 50, duration: SCALE.durationS, seed: 100 + i }),
  );
  const requests = rs.reduce((a, r) => a + r.total, 0);
  profiled.end(requests);
  // CPU each process spent per intake request (µs): where the time goes, beside the wait events.
  details.intakeCpuUsPerRequest = Object.fromEntries(
    [...suite].map(([app, p]) => [app, Math.round(((cpuMs(p.pid) - cpuBefore[app]) * 1000) / Math.max(1, requests))]).filter(([, v]) => (v as number) > 0),
  );
  log(`  CPU per intake request (µs): ${JSON.stringify(details.intakeCpuUsPerRequest)}`);
  const intakeCpuUs = Object.values(details.intakeCpuUsPerRequest as Record<string, number>).reduce((a, b) => a + b, 0);
  add({ section: 'Intake', label: 'Node CPU per report, all apps', value: figure([round(intakeCpuUs / 1000, 2)], 'ms'), goal: '≤ 1.5 ms', met: intakeCpuUs <= 1500, note: Object.entries(details.intakeCpuUsPerRequest as Record<string, number>).map(([a, us]) => `${a} ${round(us / 1000, 2)}`).join(', ') });
  // Consumer lag: from the end of the load until every durable consumer has applied every event.
  const lag = await consumerLag(nats.url, small ? 60_000 : 180_000);
  details.intakeConsumerLag = lag;
  add({ section: 'Intake', label: 'consumer lag after the load: every consumer has applied every event', value: figure([lag.ms], 'ms'), goal: '< 5 s', met: lag.drained && lag.ms < 5000, note: lag.drained ? `${lag.consumers} durables` : `still pending: ${JSON.stringify(lag.pending)}` });
  details.intake = rs;
  details.intakeWaitEvents = await waits.stop();
  details.intakeSlowStatements = waits.slow();
  log(`  Postgres wait events of active office backends during intake: ${JSON.stringify(details.intakeWaitEvents)}`);
  const tp = figure(rs.map((r) => r.throughput), 'req/s');
  const p50 = figure(rs.map((r) => r.p50), 'ms');
  const p99 = figure(rs.map((r) => r.p99), 'ms');
  const b = baseline;
  run.intakeTp = tp.median;
  add({ section: 'Intake', label: 'throughput, 50 connections', value: tp, ratio: b ? round(tp.median / b.throughput, 2) : null, goal: '≥ 0.5 × baseline', met: b ? tp.median >= 0.5 * b.throughput : null });
  add({ section: 'Intake', label: 'latency p50', value: p50, ratio: b ? round(p50.median / b.p50, 2) : null });
  add({ section: 'Intake', label: 'latency p99', value: p99, ratio: b ? round(p99.median / b.p99, 2) : null, goal: '≤ 3 × baseline', met: b ? p99.median <= 3 * b.p99 : null });
  add({ section: 'Intake', label: 'errors (non-2xx + timeouts, sum of runs)', value: figure([rs.reduce((a, r) => a + r.errors, 0)], 'requests'), note: `of ${rs.reduce((a, r) => a + r.total, 0)} requests; statuses ${JSON.stringify(rs.map((r) => r.statuses))}` });
}
