import { DB_URL, SCALE } from '../lib/config';
import { load, runs } from '../lib/load';
import { eventLoopLagMax, sampleWaits } from '../lib/probes';
import { log } from '../lib/config';
import { httpGetJson } from '../lib/procs';
import { add, details, notes } from '../lib/report';
import { figure } from '../lib/stats';
import { BenchRun } from './run-context';
import { Workload } from './workload';

/** 5. The live feed: SSE subscribers, 201 → arrival, lost deliveries; Postgres's waits and each app's event-loop stalls. */
/** What one run of bench/load/sse.mjs reports. */
interface FeedRun {
  connected: number;
  p50: number;
  p99: number;
  toEveryP99: number;
  lost: number;
  lostAfter201?: number;
  reportErrorStatuses?: string[];
}

export async function measureFeed(run: BenchRun, w: Workload): Promise<void> {
  const { gatewayUrl, token, ports } = run;
  const { feedBodies } = w;
  const probe = await httpGetJson(`${gatewayUrl}/api/v1/events/stream`, 2000);
  if (probe.status === 404) {
    notes.push('GET /api/v1/events/stream does not exist yet: the live feed was not measured.');
    return;
  }
  const waits = await sampleWaits(DB_URL);
  await eventLoopLagMax(ports); // a scrape resets prom-client's lag histogram: measure from here
  const rs = await runs(SCALE.runs, (i) => load<FeedRun>('sse.mjs', { url: gatewayUrl, token, subscribers: SCALE.sseSubscribers, reports: SCALE.sseReports, bodies: feedBodies.slice(i * SCALE.sseReports, (i + 1) * SCALE.sseReports), intervalMs: 300 }));
  details.liveFeed = rs;
  // Where a refused (504) report waited: long statements in Postgres, and each app's worst event-loop stall.
  details.liveFeedWaitEvents = await waits.stop();
  details.liveFeedSlowStatements = waits.slow();
  details.liveFeedEventLoopLagMaxMs = await eventLoopLagMax(ports);
  log(`  wait events ${JSON.stringify(details.liveFeedWaitEvents)}; statements over 1 s: ${JSON.stringify(details.liveFeedSlowStatements)}; event-loop lag max (ms): ${JSON.stringify(details.liveFeedEventLoopLagMaxMs)}`);
  add({ section: 'Live feed', label: `connected subscribers (of ${SCALE.sseSubscribers})`, value: figure(rs.map((x) => x.connected), 'clients') });
  add({ section: 'Live feed', label: '201 → arrival p50 (every delivery)', value: figure(rs.map((x) => x.p50), 'ms') });
  const p99 = figure(rs.map((x) => x.p99), 'ms');
  add({ section: 'Live feed', label: `201 → arrival p99 (${SCALE.sseSubscribers} subscribers)`, value: p99, goal: '< 500 ms', met: p99.median < 500 && rs.every((x) => x.lost === 0) });
  add({ section: 'Live feed', label: '201 → arrival at the LAST subscriber, p99 over reports', value: figure(rs.map((x) => x.toEveryP99), 'ms') });
  add({
    section: 'Live feed',
    label: 'lost deliveries (sum of runs)',
    value: figure([rs.reduce((a, x) => a + x.lost, 0)], 'deliveries'),
    note: `of reports answered 201: ${rs.reduce((a, x) => a + (x.lostAfter201 ?? 0), 0)}; reports refused: ${JSON.stringify(rs.flatMap((x) => x.reportErrorStatuses ?? []))}`,
  });
}
