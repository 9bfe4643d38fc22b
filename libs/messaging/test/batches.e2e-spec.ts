import { DomainEvent, EVENT_STREAM, eventSubject, OfficeEvents } from '@grid122/contracts';
import { eventually } from '@grid122/testing';
import { randomUUID } from 'node:crypto';
import { JSONCodec, NatsConnection } from 'nats';
import { DataSource, EntityManager } from 'typeorm';
import { DeadLetters } from '../src/inbox/dead-letters';
import { ConsumerRegistration, Delivered, EventConsumers, Registered } from '../src/inbox/event-consumers';
import { addEventOrder } from '../src/outbox/outbox.migration';
import { OutboxFixture } from './outbox-fixture';

/**
 * Consumers in batches (#27 item 6): the deliveries at hand are applied in one transaction — the
 * batch's inbox rows in one statement, skipping the ids already there — and acknowledged after
 * the commit, with the inbox's guarantees of one event at a time. Each case publishes its events
 * before the consumer starts, so they are at hand together, and checks that batches did form
 * (fewer transactions than events), so the test can fail. Real Postgres and NATS.
 */
const codec = JSONCodec<DomainEvent>();

describe('consumers in batches', () => {
  let fx: OutboxFixture;
  let ds: DataSource;
  let nc: NatsConnection;
  const schema = 'batchtest';
  const running: EventConsumers[] = [];

  beforeAll(async () => {
    fx = await OutboxFixture.start(schema, {
      migrations: [addEventOrder],
      // Each effect with the transaction that wrote it.
      tables: [`CREATE TABLE ${schema}.effects (consumer text NOT NULL, event_id uuid NOT NULL, n int NOT NULL, tx bigint NOT NULL DEFAULT txid_current())`],
    });
    ({ ds, nc } = fx);
  });

  afterAll(() => fx?.stop(running));

  const event = (type: string, n: number, extra: Partial<DomainEvent> = {}): DomainEvent =>
    ({ id: randomUUID(), type, source: 'office', occurredAt: new Date().toISOString(), data: { n }, ...extra }) as DomainEvent;
  /** Published straight to the stream; `again` sends the same event as a second message (as a relay crash outside JetStream's window would). */
  const publish = async (e: DomainEvent, again = false) => {
    await nc.jetstream().publish(eventSubject(e.type), codec.encode(e), { msgID: again ? randomUUID() : e.id });
  };
  const effects = async (consumer: string): Promise<{ n: number; c: number }[]> =>
    ds.query(`SELECT n, count(*)::int AS c FROM effects WHERE consumer = $1 GROUP BY n ORDER BY n`, [consumer]);
  const transactions = async (consumer: string): Promise<number> =>
    (await ds.query(`SELECT count(DISTINCT tx)::int AS c FROM effects WHERE consumer = $1`, [consumer]))[0].c;
  const drained = async (consumer: string, type: string) => {
    const durable = `${consumer}__${type}`.replace(/[.*>\s]/g, '_');
    await eventually(async () => {
      const c = await (await nc.jetstreamManager()).consumers.info(EVENT_STREAM, durable);
      expect(c.num_ack_pending).toBe(0);
      expect(c.num_pending).toBe(0);
    }, 30_000);
  };
  const start = async (consumers: EventConsumers, reg: ConsumerRegistration) => {
    consumers.register(reg);
    running.push(consumers);
    await consumers.start();
    return consumers;
  };
  const record = (name: string) => async (e: DomainEvent, m: EntityManager) => {
    await m.query(`INSERT INTO effects (consumer, event_id, n) VALUES ($1, $2, $3)`, [name, e.id, (e.data as { n: number }).n]);
  };

  it('applies an event repeated in a batch, or already in the inbox, once', async () => {
    const TYPE = 'office.batch.repeated';
    const events = Array.from({ length: 40 }, (_, i) => event(TYPE, i + 1));
    // #7 was applied before (its inbox row is there): a redelivery has no second effect.
    await ds.query(`INSERT INTO inbox (consumer, event_id) VALUES ('repeats', $1)`, [events[6].id]);
    for (const e of events) await publish(e);
    // #3 twice more in the stream (three messages of one event), #11 once more.
    await publish(events[2], true);
    await publish(events[2], true);
    await publish(events[10], true);

    await start(new EventConsumers(ds, () => nc), { name: 'repeats', types: [TYPE], handle: record('repeats') });
    await drained('repeats', TYPE);
    expect(await effects('repeats')).toEqual(events.map((_, i) => ({ n: i + 1, c: 1 })).filter((r) => r.n !== 7));
    expect(await transactions('repeats')).toBeLessThan(20);
    const [{ rows }] = await ds.query(`SELECT count(*)::int AS rows FROM inbox WHERE consumer = 'repeats'`);
    expect(rows).toBe(40);
  });

  it('applies the others of a batch exactly once when one handler fails, and retries the failing one until it applies', async () => {
    const TYPE = 'office.batch.flaky';
    const events = Array.from({ length: 40 }, (_, i) => event(TYPE, i + 1));
    for (const e of events) await publish(e);
    // #13 fails twice (a transient error: a lost connection), then applies; its batch is rolled back whole.
    let failures = 0;
    const flushes: number[] = [];
    await start(new EventConsumers(ds, () => nc), {
      name: 'flaky',
      types: [TYPE],
      handle: async (e, m) => {
        if ((e.data as { n: number }).n === 13 && failures < 2) {
          failures++;
          throw new Error('connection reset by peer');
        }
        await record('flaky')(e, m);
      },
      flush: async (m) => {
        flushes.push(Number((await m.query(`SELECT txid_current() AS tx`))[0].tx));
      },
    });
    await eventually(async () => expect(await effects('flaky')).toEqual(events.map((_, i) => ({ n: i + 1, c: 1 }))), 30_000);
    await drained('flaky', TYPE);
    expect(failures).toBe(2);
    expect(await transactions('flaky')).toBeLessThan(30);
    // Retried, not parked.
    expect(await new DeadLetters(() => nc).list({ consumer: 'flaky' })).toEqual([]);
    // Every committed transaction flushed once (the failed batch's flush was rolled back with it).
    const committed: number[] = (await ds.query(`SELECT DISTINCT tx::int AS tx FROM effects WHERE consumer = 'flaky'`)).map((r: { tx: number }) => Number(r.tx));
    for (const tx of committed) expect(flushes.filter((f) => f === tx)).toHaveLength(1);
  });

  it('re-applies nothing of a batch that committed and then crashed before its ack', async () => {
    const TYPE = 'office.batch.crashed';
    const events = Array.from({ length: 40 }, (_, i) => event(TYPE, i + 1));
    for (const e of events) await publish(e);

    /** Commits the first batch of several events, then "crashes" before the ack: every delivery of it comes back. */
    class CrashAfterBatchCommit extends EventConsumers {
      crashedBatch: string[] = [];
      override async handleEvents(reg: Registered, delivered: Delivered[], lastDelivery?: boolean): Promise<string[]> {
        const applied = await super.handleEvents(reg, delivered, lastDelivery);
        if (this.crashedBatch.length === 0 && delivered.length > 1) {
          this.crashedBatch = applied;
          throw new Error('crash between commit and ack');
        }
        return applied;
      }
    }
    const consumers = new CrashAfterBatchCommit(ds, () => nc);
    await start(consumers, { name: 'crashed', types: [TYPE], handle: record('crashed') });
    await drained('crashed', TYPE);
    // The crash came after a batch of several had committed …
    expect(consumers.crashedBatch.length).toBeGreaterThan(1);
    const [{ c }] = await ds.query(`SELECT count(DISTINCT tx)::int AS c FROM effects WHERE consumer = 'crashed' AND event_id = ANY($1::uuid[])`, [consumers.crashedBatch]);
    expect(c).toBe(1);
    // … and each of its events came back and found its inbox row: every effect once.
    expect(await effects('crashed')).toEqual(events.map((_, i) => ({ n: i + 1, c: 1 })));
  });

  it('keeps each aggregate in order within a batch; an ordered consumer moves the turn of a type it does not handle, without an inbox row', async () => {
    const agg = `office.incident:${randomUUID()}`;
    const other = `office.incident:${randomUUID()}`;
    const noted = (seq: number, aggregate = agg) => event(OfficeEvents.IncidentAccepted, seq, { aggregate, seq });
    // #1 of each incident (reported) is a type the consumer does not handle; the rest (accepted, as a test) arrive 4, 2, 3 and #2 twice.
    const skipped = event(OfficeEvents.IncidentReported, 1, { aggregate: agg, seq: 1 });
    const [two, three, four] = [noted(2), noted(3), noted(4)];
    await publish(skipped);
    await publish(event(OfficeEvents.IncidentReported, 1, { aggregate: other, seq: 1 }));
    await publish(four);
    await publish(two);
    await publish(noted(2, other));
    await publish(three);
    await publish(two, true);

    const consumers = new EventConsumers(ds, () => nc);
    // A typed consumer of office.incident.> that handles one type of it.
    consumers.consumer('in-order', { filters: ['office.incident.>'], ordered: true }).on(OfficeEvents.IncidentAccepted, async (_data, m, e) => {
      await m.query(`INSERT INTO effects (consumer, event_id, n) VALUES ('in-order', $1, $2)`, [e.id, e.seq]);
    });
    running.push(consumers);
    await consumers.start();
    await drained('in-order', 'office.incident.>');
    const order: { n: number; event_id: string }[] = await ds.query(`SELECT n, event_id FROM effects WHERE consumer = 'in-order' ORDER BY tx, ctid`);
    // One effect each, each incident's in its numbers' order (the other incident's #2 anywhere).
    expect(order.filter((r) => r.event_id !== two.id && r.event_id !== three.id && r.event_id !== four.id)).toHaveLength(1);
    expect(order.map((r) => r.event_id).filter((id) => [two.id, three.id, four.id].includes(id))).toEqual([two.id, three.id, four.id]);
    const turns: { aggregate: string; last_seq: string }[] = await ds.query(`SELECT aggregate, last_seq FROM consumer_order WHERE consumer = 'in-order'`);
    expect(new Map(turns.map((t) => [t.aggregate, Number(t.last_seq)]))).toEqual(new Map([[agg, 4], [other, 2]]));
    // The unhandled #1s took no inbox row; the applied ones did.
    const inbox: { event_id: string }[] = await ds.query(`SELECT event_id FROM inbox WHERE consumer = 'in-order'`);
    expect(inbox.map((r) => r.event_id)).not.toContain(skipped.id);
    expect(inbox).toHaveLength(4);
  });
});
