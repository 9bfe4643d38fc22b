import { APPS, small } from '../lib/config';
import { metricOf } from '../lib/probes';
import { sleep } from '../lib/procs';
import { add, details } from '../lib/report';
import { figure, round } from '../lib/stats';
import { BenchRun } from './run-context';
import { rssOf } from './suite';

/** 6b. Memory after the load: each app's RSS right after it (the goal) and once settled, with V8's heap beside it. */
export async function measureMemoryAfterLoad(run: BenchRun, idle: Record<string, number>): Promise<void> {
  const { ports } = run;
  const after = rssOf(run);
  details.rssAfterLoad = after;
  // What of it is V8's heap in use (live and not yet collected), from each app's /metrics.
  const heapUsed = await metricOf(ports, 'nodejs_heap_size_used_bytes', (v) => round(v / 1048576, 1));
  details.heapUsedAfterLoad = heapUsed;
  // For the diagnosis of what RSS holds beyond the heap in use: the heap V8 has committed, and
  // memory outside it that V8 accounts for (Buffers, sockets' ArrayBuffers).
  details.heapTotalAfterLoad = await metricOf(ports, 'nodejs_heap_size_total_bytes', (v) => round(v / 1048576, 1));
  details.externalAfterLoad = await metricOf(ports, 'nodejs_external_memory_bytes', (v) => round(v / 1048576, 1));
  // And once the load has stopped for a while (V8 returns freed heap pages when allocation calms down).
  await sleep(small ? 3000 : 15_000);
  const settled = rssOf(run);
  details.rssSettled = settled;
  for (const app of APPS) {
    add({ section: 'Memory and start-up', label: `${app} RSS idle → after load`, value: figure([after[app]], 'MiB'), goal: '< 200 MB', met: after[app] > 0 && after[app] * 1.048576 < 200, note: `idle ${idle[app]} MiB; before the bulk import ${(details.rssBeforeImport as Record<string, number>)?.[app] ?? '?'} MiB; V8 heap in use after the load ${heapUsed[app] ?? '?'} MiB` });
  }
  for (const app of APPS) {
    add({ section: 'Memory and start-up', label: `${app} RSS ${small ? 3 : 15} s after the load stopped`, value: figure([settled[app]], 'MiB'), note: 'information: the goal is judged on the RSS right after the load (rows above)' });
  }
}
