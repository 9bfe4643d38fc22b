import { Client } from 'pg';
import { connect as connectNats } from 'nats';
import { EVENT_STREAM } from '@grid122/contracts';
import { sleep } from './procs';

/**
 * Samples pg_stat_activity every 50 ms: what the database's active backends wait on (lock,
 * LWLock, IO, client…), the first place to look when throughput is far below the floor.
 */
export async function sampleWaits(url: string): Promise<{ stop: () => Promise<Record<string, number>>; slow: () => SlowStatement[] }> {
  const c = new Client({ connectionString: url });
  await c.connect();
  const counts: Record<string, number> = {};
  // Statements seen running for over a second (by backend and start): what a stalled request waited on.
  const slow = new Map<string, SlowStatement>();
  let on = true;
  const loop = (async () => {
    while (on) {
      const { rows } = await c.query<{ w: string; n: number }>(
        `SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') AS w, count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid() GROUP BY 1`,
      );
      for (const r of rows) counts[r.w] = (counts[r.w] ?? 0) + r.n;
      const { rows: long } = await c.query<SlowStatement & { key: string }>(
        `SELECT pid || ':' || query_start AS key, round(extract(epoch FROM now() - query_start) * 1000)::int AS ms,
                coalesce(wait_event_type || ':' || wait_event, 'CPU') AS wait, state, left(regexp_replace(query, '\\s+', ' ', 'g'), 200) AS query
         FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
           AND state <> 'idle' AND now() - query_start > interval '1 second'`,
      );
      for (const { key, ...r } of long) if ((slow.get(key)?.ms ?? 0) < r.ms) slow.set(key, r);
      await sleep(50);
    }
  })();
  return {
    stop: async () => {
      on = false;
      await loop;
      await c.end();
      return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1]).slice(0, 8));
    },
    slow: () => [...slow.values()].sort((a, b) => b.ms - a.ms).slice(0, 10),
  };
}

export interface SlowStatement {
  ms: number;
  wait: string;
  state: string;
  query: string;
}

export const BENCH_METRICS_TOKEN = 'bench-metrics-token-0123456789';

/** One gauge of each app's /metrics (prom-client text), scaled by `scale`. */
export async function metricOf(ports: Record<string, number>, name: string, scale: (v: number) => number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [app, port] of Object.entries(ports)) {
    const text = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` } }).then((r) => r.text(), () => '');
    const m = text.match(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm'));
    if (m) out[app] = scale(Number(m[1]));
  }
  return out;
}

/** Each app's largest event-loop delay since the previous scrape (prom-client's `nodejs_eventloop_lag_max_seconds`; a scrape resets it), in ms. */
export const eventLoopLagMax = (ports: Record<string, number>) => metricOf(ports, 'nodejs_eventloop_lag_max_seconds', (v) => Math.round(v * 1000));

/**
 * Polls every durable consumer of the event stream until none has events pending or unacknowledged:
 * the time from the end of a load until every consumer (appraisal, the live feed, federation, the
 * units) has applied every event.
 */
export async function consumerLag(natsUrl: string, maxMs: number): Promise<{ ms: number; drained: boolean; consumers: number; pending: Record<string, number> }> {
  const nc = await connectNats({ servers: natsUrl });
  try {
    const jsm = await nc.jetstreamManager();
    const t = Date.now();
    let pending: Record<string, number> = {};
    let consumers = 0;
    while (Date.now() - t < maxMs) {
      pending = {};
      consumers = 0;
      for await (const c of jsm.consumers.list(EVENT_STREAM)) {
        consumers += 1;
        const n = c.num_pending + c.num_ack_pending;
        if (n > 0) pending[c.name] = n;
      }
      if (Object.keys(pending).length === 0) return { ms: Date.now() - t, drained: true, consumers, pending };
      await sleep(100);
    }
    return { ms: Date.now() - t, drained: false, consumers, pending };
  } finally {
    await nc.close();
  }
}
