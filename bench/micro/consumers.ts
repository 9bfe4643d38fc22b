// The Node CPU an ordered event consumer spends per event under a steady trickle, in-process
// (issue 27 item 6; docs/performance.md): appraisal's shape — one durable on `office.incident.>`,
// ordered, with a flush — fed as the intake bench feeds it (2,000 places: ~30% new reports, a
// handled type; ~70% duplicates of an earlier one, a type it does not handle) at BENCH_RATE events/s.
// A private nats-server and a database of its own (TestEnv), so run with the e2e environment:
//   TEST_DATABASE_URL=… NATS_SERVER_BIN=$(which nats-server) NODE_ENV=test \
//     node --require ./scripts/swc-register.js bench/micro/consumers.ts
// process.cpuUsage over the run less the publisher's own (measured alone first), divided by events.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DomainEvent, eventSubject, OfficeEvents } from '@grid122/contracts';
import { EventConsumers, ensureEventStream, createOutboxAndInbox, addEventOrder } from '@grid122/messaging';
import { eventually, TestEnv } from '@grid122/testing';
import { JSONCodec } from 'nats';
import { DataSource } from 'typeorm';

const N = Number(process.env.BENCH_EVENTS ?? 2000);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const codec = JSONCodec<DomainEvent>();
const cpu = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

(async () => {
  const env = await TestEnv.start();
  const ds = await new DataSource({ type: 'postgres', url: env.databaseUrl, extra: { options: '-c search_path=micro,public' } }).initialize();
  await ds.query('CREATE SCHEMA micro');
  const q = ds.createQueryRunner();
  await createOutboxAndInbox(q, 'micro');
  await addEventOrder(q, 'micro');
  await q.release();
  await ds.query('CREATE TABLE micro.effects (event_id uuid NOT NULL)');
  const nc = await env.connectNats();
  await ensureEventStream(nc);
  const js = nc.jetstream();

  // The events, as the intake makes them: a new incident (#1) or a duplicate of an earlier one (its next number).
  const seqs: { agg: string; seq: number }[] = [];
  const events = (round: number): DomainEvent[] =>
    Array.from({ length: N }, (_, i) => {
      const dup = seqs.length > 0 && (i * 7 + round) % 10 >= 3;
      const at = dup ? seqs[(i * 31) % seqs.length] : { agg: `office.incident:${randomUUID()}`, seq: 0 };
      if (!dup) seqs.push(at);
      at.seq += 1;
      const type = dup ? OfficeEvents.IncidentDuplicateLinked : OfficeEvents.IncidentReported;
      return { id: randomUUID(), type, source: 'office', occurredAt: new Date().toISOString(), aggregate: at.agg, seq: at.seq, data: {} } as DomainEvent;
    });
  const publish = async (list: DomainEvent[]) => {
    const gap = 1000 / RATE;
    const t0 = Date.now();
    for (const [i, e] of list.entries()) {
      await js.publish(eventSubject(e.type), codec.encode(e), { msgID: e.id });
      const ahead = t0 + (i + 1) * gap - Date.now();
      if (ahead > 0) await sleep(ahead);
    }
  };

  // The publisher alone (no consumer yet): its CPU is taken off the runs'.
  let t = cpu();
  await publish(events(0));
  const publisherUs = (cpu() - t) / N;

  const consumers = new EventConsumers(ds, () => nc);
  consumers.consumer('micro', { filters: ['office.incident.>'], ordered: true, flush: async () => undefined }).on(OfficeEvents.IncidentReported, async (_d, m, e) => {
    await m.query('INSERT INTO micro.effects (event_id) VALUES ($1)', [e.id]);
  });
  await consumers.start();
  const reported = async () => Number((await ds.query('SELECT count(*)::int AS c FROM micro.effects'))[0].c);
  // The backlog of the publisher's run first (not measured; one incident each in `seqs` so far), then the trickle.
  const first = seqs.length;
  await eventually(async () => {
    if ((await reported()) < first) throw new Error('backlog');
  }, 300_000, 200);
  const before = await reported();
  const list = events(1);
  const fresh = list.filter((e) => e.type === OfficeEvents.IncidentReported).length;
  t = cpu();
  await publish(list);
  await eventually(async () => {
    if ((await reported()) < before + fresh) throw new Error('not yet');
  }, 300_000, 200);
  const totalUs = (cpu() - t) / N;
  console.log(JSON.stringify({ events: N, rate: RATE, reportedShare: +(fresh / N).toFixed(2), publisherUsPerEvent: +publisherUs.toFixed(1), consumerUsPerEvent: +(totalUs - publisherUs).toFixed(1) }));
  await consumers.stop();
  await nc.drain();
  await ds.destroy();
  await env.stop();
  process.exit(0);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
