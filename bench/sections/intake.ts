import { DB_URL, log, small, SCALE } from '../lib/config';
import { cpuWindow, describe, idleCpu, perReport } from '../lib/cpu';
import { CannonResult, load, runs } from '../lib/load';
import { consumerLag, sampleWaits } from '../lib/probes';
import { add, details } from '../lib/report';
import { figure, round } from '../lib/stats';
import { profileWindow } from './profiles';
import { BenchRun } from './run-context';
import { Workload } from './workload';

/**
 * 2. Intake: POST /api/v1/incidents. First the Node CPU split (issue 27 item 2): each app idle, then
 * reports at a fixed rate below saturation, CPU beyond idle per report; then 50 connections: the
 * throughput, Node CPU per report per app until the consumers have drained, Postgres's waits, the
 * consumers' lag after.
 */
export async function measureIntake(run: BenchRun, w: Workload): Promise<void> {
  const { suite, gatewayUrl, auth, nats, baseline } = run;
  const { bodies } = w;
  const post = { url: `${gatewayUrl}/api/v1/incidents`, method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, bodies };
  const lagLimit = small ? 60_000 : 180_000;
  // What each app burns with nothing to do (timers, polls, consumers' pulls, GC), ms per second.
  await consumerLag(nats.url, lagLimit);
  const idle = await idleCpu(suite, SCALE.idleS);
  details.idleCpuMsPerS = Object.fromEntries(Object.entries(idle).map(([app, v]) => [app, round(v, 2)]));
  log(`  idle CPU (ms per s): ${JSON.stringify(details.idleCpuMsPerS)}`);
  const idleAll = describe(Object.fromEntries(Object.entries(idle).map(([app, v]) => [app, v * 1000])));
  add({ section: 'Intake', label: `Node CPU with the suite idle (${SCALE.idleS} s), all apps`, value: figure([round(idleAll.total / 1000, 2)], 'ms/s'), note: `ms of CPU per second (‰ of a core): ${idleAll.note}` });
  // Reports at a fixed rate below saturation, after a warm-up at that rate (the first reports after
  // start-up compile the code they run); the window ends when every consumer has applied every event.
  // A connection per report a second: the rate holds while a report takes up to a second.
  const fixedLoad = { ...post, connections: Math.max(10, SCALE.fixedRate), overallRate: SCALE.fixedRate };
  await load<CannonResult>('cannon.mjs', { ...fixedLoad, duration: SCALE.warmupS, seed: 89 });
  await consumerLag(nats.url, lagLimit);
  const fixedWindow = cpuWindow(suite);
  const fixedProfiled = profileWindow(`intake at ${SCALE.fixedRate}/s`);
  const fixed = await load<CannonResult>('cannon.mjs', { ...fixedLoad, duration: SCALE.fixedS, seed: 90 });
  await consumerLag(nats.url, lagLimit);
  fixedProfiled.end(fixed.total);
  const fixedUs = perReport(fixedWindow.end(), fixed.total, idle);
  details.intakeFixedRate = { ...fixed, cpuUsPerReportBeyondIdle: fixedUs };
  log(`  CPU per report beyond idle at ${SCALE.fixedRate}/s (µs): ${JSON.stringify(fixedUs)}`);
  const beyond = describe(fixedUs);
  add({ section: 'Intake', label: `Node CPU per report beyond idle, ${SCALE.fixedRate} reports/s for ${SCALE.fixedS} s, all apps`, value: figure([round(beyond.total / 1000, 2)], 'ms'), note: `${fixed.total} reports at ${round(fixed.throughput, 1)}/s${fixed.throughput < 0.9 * SCALE.fixedRate ? ' (not held: the suite was saturated)' : ''}, ${fixed.errors} errors; until the consumers drained: ${beyond.note}` });

  const waits = await sampleWaits(DB_URL);
  const cpu = cpuWindow(suite);
  const profiled = profileWindow('intake');
  const rs = await runs(SCALE.runs, (i) => load<CannonResult>('cannon.mjs', { ...post, connections: 50, duration: SCALE.durationS, seed: 100 + i }));
  const requests = rs.reduce((a, r) => a + r.total, 0);
  profiled.end(requests);
  // Consumer lag: from the end of the load until every durable consumer has applied every event.
  const lag = await consumerLag(nats.url, lagLimit);
  details.intakeConsumerLag = lag;
  // CPU each process spent per intake report (µs), the events' consumers included (the window ends when they have drained).
  details.intakeCpuUsPerRequest = Object.fromEntries(Object.entries(perReport(cpu.end(), requests)).filter(([, v]) => v > 0));
  log(`  CPU per intake request (µs): ${JSON.stringify(details.intakeCpuUsPerRequest)}`);
  const all = describe(details.intakeCpuUsPerRequest as Record<string, number>);
  add({ section: 'Intake', label: 'Node CPU per report, all apps', value: figure([round(all.total / 1000, 2)], 'ms'), goal: '≤ 1.5 ms', met: all.total <= 1500, note: all.note });
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
