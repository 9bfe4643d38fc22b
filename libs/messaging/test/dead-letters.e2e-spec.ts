import { CommonErrorCode, DomainEvent, EVENT_STREAM, eventSubject } from '@grid122/contracts';
import { eventually } from '@grid122/testing';
import { randomUUID } from 'node:crypto';
import { AckPolicy, DeliverPolicy, JSONCodec, NatsConnection, nanos } from 'nats';
import { DataSource } from 'typeorm';
import { DEAD_LETTER_STREAM, DeadLetters } from '../src/inbox/dead-letters';
import { EventConsumers } from '../src/inbox/event-consumers';
import { ensureEventStream, streamsHealth } from '../src/jetstream';
import { AppError } from '../src/rpc/app-error';
import { OutboxFixture } from './outbox-fixture';

const codec = JSONCodec<DomainEvent>();
const TYPE = 'office.poison.happened';

describe('consumers give up on what they can never apply: dead letters, replay, reconciled config', () => {
  let fx: OutboxFixture;
  let ds: DataSource;
  let nc: NatsConnection;
  let consumers: EventConsumers;
  const schema = 'dltest';
  let crashing = true;

  const publish = async (kind: string) => {
    const event: DomainEvent = { id: randomUUID(), type: TYPE, occurredAt: new Date().toISOString(), data: { kind } } as DomainEvent;
    await nc.jetstream().publish(eventSubject(TYPE), codec.encode(event), { msgID: event.id });
    return event;
  };
  const effects = async (): Promise<string[]> => (await ds.query(`SELECT kind FROM ${schema}.effects ORDER BY kind`)).map((r: { kind: string }) => r.kind);

  beforeAll(async () => {
    fx = await OutboxFixture.start(schema, { tables: [`CREATE TABLE ${schema}.effects (kind text NOT NULL)`] });
    ({ ds, nc } = fx);
  });

  afterAll(() => fx?.stop(consumers ? [consumers] : []));

  it('dead-letters a refusal at once and a failure after max_deliver, acknowledges both, and replays on demand', async () => {
    // A durable left by an older release: unlimited redeliveries, no backoff. Start-up must update it.
    const jsm = await nc.jetstreamManager();
    const durable = `dl-test__${TYPE}`.replace(/[.*>\s]/g, '_');
    await jsm.consumers.add(EVENT_STREAM, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: eventSubject(TYPE),
      ack_wait: nanos(30_000),
      // as a durable declared before retries were timed by the nak: a server-side backoff list
      max_deliver: 5,
      backoff: [nanos(1000), nanos(2000)],
      max_ack_pending: 1000,
    });

    consumers = new EventConsumers(ds, () => nc);
    consumers.register({
      name: 'dl-test',
      types: [TYPE],
      maxDeliver: 3,
      ackWaitMs: 2000,
      handle: async (event, m) => {
        const kind = (event.data as { kind: string }).kind;
        if (kind === 'refuse') throw AppError.illegalTransition('incident', 'duplicate', 'register');
        if (kind === 'crash' && crashing) throw new Error('connection reset by peer');
        await m.query(`INSERT INTO effects (kind) VALUES ($1)`, [kind]);
      },
    });
    await consumers.start();

    const info = await jsm.consumers.info(EVENT_STREAM, durable);
    expect(info.config.max_deliver).toBe(3);
    // No server-side backoff: with one, nats-server 2.9 ignores a nak's delay and waits its own step.
    expect(info.config.backoff ?? []).toEqual([]);

    const refused = await publish('refuse');
    const crashed = await publish('crash');
    await publish('ok');
    await nc.jetstream().publish(eventSubject(TYPE), new TextEncoder().encode('{not json'));

    const letters = new DeadLetters(() => nc);
    const parked = await eventually(async () => {
      const all = await letters.list({ consumer: 'dl-test' });
      expect(all).toHaveLength(3);
      return all;
    }, 30_000);
    const byEvent = new Map(parked.map((l) => [l.eventId ?? 'undecodable', l]));
    expect(byEvent.get(refused.id)).toMatchObject({ code: CommonErrorCode.IllegalTransition, deliveries: 1, subject: eventSubject(TYPE), eventType: TYPE });
    expect(byEvent.get(refused.id)!.reason).toContain('Cannot register a incident in state "duplicate"');
    expect(byEvent.get(crashed.id)).toMatchObject({ code: 'MAX_DELIVERIES', deliveries: 3 });
    expect(byEvent.get('undecodable')).toMatchObject({ code: 'UNDECODABLE', deliveries: 1 });
    expect(await effects()).toEqual(['ok']);

    // Nothing left unacknowledged, nothing being redelivered.
    await eventually(async () => {
      const c = await jsm.consumers.info(EVENT_STREAM, durable);
      expect(c.num_ack_pending).toBe(0);
      expect(c.num_pending).toBe(0);
    });

    // The cause is fixed: replay the crashed one; it is applied once and leaves the dead letters.
    crashing = false;
    expect(await letters.replay(byEvent.get(crashed.id)!.seq)).not.toBeNull();
    await eventually(async () => expect(await effects()).toEqual(['crash', 'ok']));
    const left = await letters.list({ consumer: 'dl-test' });
    expect(left.map((l) => l.eventId)).not.toContain(crashed.id);
    expect(left).toHaveLength(2);
    // Discarding removes a letter for good.
    expect(await letters.discard(byEvent.get('undecodable')!.seq)).toBe(true);
    expect((await letters.list()).map((l) => l.eventId)).toEqual([refused.id]);
  }, 60_000);

  it('reports each consumer\'s lag and state and each stream\'s presence for /health', async () => {
    const durable = `dl-test__${TYPE}`.replace(/[.*>\s]/g, '_');
    expect(await consumers.health()).toEqual({ [durable]: { consumer: 'dl-test', state: 'running', pending: 0, ackPending: 0, redelivered: expect.any(Number) } });
    expect(await streamsHealth(nc)).toEqual({ streams: { [EVENT_STREAM]: 'up', [DEAD_LETTER_STREAM]: 'up' }, deadLetters: 1 });

    const jsm = await nc.jetstreamManager();
    await jsm.consumers.delete(EVENT_STREAM, durable);
    expect((await consumers.health())[durable].state).toBe('missing');
    await jsm.streams.delete(DEAD_LETTER_STREAM);
    expect((await streamsHealth(nc)).streams).toEqual({ [EVENT_STREAM]: 'up', [DEAD_LETTER_STREAM]: 'down' });
    await consumers.stop();
    await ensureEventStream(nc); // recreated at the next start, as every service does
    expect((await streamsHealth(nc)).streams[DEAD_LETTER_STREAM]).toBe('up');
  });

  it('applies the events at hand in one transaction per batch, with the inbox\'s guarantees (a refusal parked alone, a repeat applied once)', async () => {
    const BATCH_TYPE = 'office.batch.made';
    await ds.query(`CREATE TABLE ${schema}.batch_effects (event_id uuid NOT NULL, n int NOT NULL, tx bigint NOT NULL)`);
    await ds.query(`CREATE TABLE ${schema}.batch_flushes (tx bigint NOT NULL)`);
    // Sixty events waiting before the consumer starts (so they are at hand together); the 20th is
    // refused; the 6th is published twice (a second message, as after a relay crash without dedup).
    const events = Array.from({ length: 60 }, (_, i) => ({ id: randomUUID(), type: BATCH_TYPE, occurredAt: new Date().toISOString(), data: { n: i + 1 } }) as DomainEvent);
    for (const e of events) await nc.jetstream().publish(eventSubject(BATCH_TYPE), codec.encode(e), { msgID: e.id });
    await nc.jetstream().publish(eventSubject(BATCH_TYPE), codec.encode(events[5]), { msgID: `${events[5].id}-again` });

    const batched = new EventConsumers(ds, () => nc);
    // No `batch` given: a consumer with an inbox applies what is at hand together by default (#27 item 6).
    batched.register({
      name: 'batch-test',
      types: [BATCH_TYPE],
      handle: async (event, m) => {
        const n = (event.data as { n: number }).n;
        if (n === 20) throw AppError.illegalTransition('incident', 'duplicate', 'register');
        await m.query(`INSERT INTO batch_effects (event_id, n, tx) VALUES ($1, $2, txid_current())`, [event.id, n]);
      },
      flush: async (m) => {
        await m.query(`INSERT INTO batch_flushes (tx) VALUES (txid_current())`);
      },
    });
    await batched.start();
    try {
      await eventually(async () => {
        const [{ c }] = await ds.query(`SELECT count(*)::int AS c FROM batch_effects`);
        expect(c).toBe(59);
      }, 30_000);
      const rows: { n: number; c: number }[] = await ds.query(`SELECT n, count(*)::int AS c FROM batch_effects GROUP BY n ORDER BY n`);
      expect(rows.map((r) => r.n)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1).filter((n) => n !== 20));
      expect(rows.every((r) => r.c === 1)).toBe(true);
      // Batches: far fewer transactions than events, each flushed once (the failed batch was rolled back whole).
      const [{ txs }] = await ds.query(`SELECT count(DISTINCT tx)::int AS txs FROM batch_effects`);
      expect(txs).toBeLessThan(40);
      const [{ unflushed }] = await ds.query(`SELECT count(*)::int AS unflushed FROM (SELECT DISTINCT tx FROM batch_effects EXCEPT SELECT tx FROM batch_flushes) t`);
      expect(unflushed).toBe(0);
      const [{ flushes, distinct }] = await ds.query(`SELECT count(*)::int AS flushes, count(DISTINCT tx)::int AS distinct FROM batch_flushes`);
      expect(flushes).toBe(distinct);
      const parked = await eventually(async () => {
        const all = await new DeadLetters(() => nc).list({ consumer: 'batch-test' });
        expect(all).toHaveLength(1);
        return all;
      });
      expect(parked[0]).toMatchObject({ eventId: events[19].id, code: CommonErrorCode.IllegalTransition });
      const durable = `batch-test__${BATCH_TYPE}`.replace(/[.*>\s]/g, '_');
      await eventually(async () => {
        const c = await (await nc.jetstreamManager()).consumers.info(EVENT_STREAM, durable);
        expect(c.num_ack_pending).toBe(0);
        expect(c.num_pending).toBe(0);
      });
    } finally {
      await batched.stop();
    }
  });
});
