import { randomUUID } from 'node:crypto';
import { DomainEvent, eventSubject } from '@grid122/contracts';
import { eventually } from '@grid122/testing';
import { headers as natsHeaders, JSONCodec, NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { EventConsumers } from '../src/inbox/event-consumers';
import { addEventOrder, addOutboxRetry, addOutboxTraceparent } from '../src/outbox/outbox.migration';
import { OutboxRelay } from '../src/outbox/outbox.relay';
import { OutboxWriter } from '../src/outbox/outbox.writer';
import { AppError } from '../src/rpc/app-error';
import { OutboxFixture } from './outbox-fixture';

/**
 * Per-aggregate order (#22 item 2): the writer numbers an incident's events in commit order; an
 * `ordered` consumer applies them in that order whatever order JetStream delivers them in (the
 * relay's order of rows from transactions that started the other way round, a deliberately
 * reordered and repeated redelivery), and neither waits forever for a predecessor that never
 * comes nor for one parked in the dead letters. Real Postgres and NATS.
 */
const codec = JSONCodec<DomainEvent>();

describe('events of one aggregate applied in order', () => {
  let fx: OutboxFixture;
  let ds: DataSource;
  let nc: NatsConnection;
  const schema = 'ordertest';
  const running: { stop(): Promise<void> }[] = [];

  beforeAll(async () => {
    fx = await OutboxFixture.start(schema, {
      migrations: [addOutboxRetry, addOutboxTraceparent, addEventOrder],
      tables: [`CREATE TABLE ${schema}.applied (n serial PRIMARY KEY, consumer text NOT NULL, aggregate text, seq int, event_id uuid NOT NULL)`],
    });
    ({ ds, nc } = fx);
  });

  afterAll(() => fx?.stop(running));

  /** Starts a consumer that records what it applies, in the order it applies it. */
  const startConsumer = async (name: string, types: string[], opts: { ordered?: boolean; maxDeliver?: number; refuse?: (e: DomainEvent) => boolean } = {}) => {
    const consumers = new EventConsumers(ds, () => nc);
    consumers.register({
      name,
      types,
      ordered: opts.ordered,
      maxDeliver: opts.maxDeliver,
      handle: async (event, m) => {
        if (opts.refuse?.(event)) throw new AppError('NOT_FOUND', `refused ${event.aggregate} #${event.seq}`);
        await m.query(`INSERT INTO applied (consumer, aggregate, seq, event_id) VALUES ($1, $2, $3, $4)`, [name, event.aggregate ?? null, event.seq ?? null, event.id]);
      },
    });
    running.push(consumers);
    await consumers.start();
    return consumers;
  };
  const applied = async (consumer: string, aggregate: string): Promise<number[]> =>
    (await ds.query(`SELECT seq FROM applied WHERE consumer = $1 AND aggregate = $2 ORDER BY n`, [consumer, aggregate])).map((r: { seq: number }) => r.seq);

  /** An event of an ordered family published straight to the stream, as a relay would (a repeat gets its own message id: JetStream keeps both). */
  const publish = async (incidentId: string, seq: number, id = randomUUID(), repeat = false) => {
    const event: DomainEvent = { id, type: 'office.incident.note_added', source: 'office', occurredAt: new Date().toISOString(), aggregate: `office.incident:${incidentId}`, seq, data: { incidentId } };
    const h = natsHeaders();
    await nc.jetstream().publish(eventSubject(event.type), codec.encode(event), { msgID: repeat ? randomUUID() : id, headers: h });
    return event;
  };

  it('numbers an aggregate’s events in commit order, and an ordered consumer applies them so though the relay publishes them the other way round', async () => {
    const writer = new OutboxWriter('office', schema);
    const incident = randomUUID();
    const other = randomUUID();
    // T2 starts first (its row's created_at is earlier: the relay publishes it first) but writes
    // after T1 committed: it takes #2, T1 #1.
    const q2 = ds.createQueryRunner();
    await q2.startTransaction();
    await q2.query(`SELECT now()`);
    await ds.transaction(async (m) => {
      await writer.add(m, { type: 'office.incident.reported', data: { incidentId: incident } } as never);
      await writer.add(m, { type: 'office.incident.reported', data: { incidentId: other } } as never);
    });
    await writer.add(q2.manager, { type: 'office.incident.dispatched', data: { incidentId: incident } } as never, { type: 'office.incident.accepted', data: { incidentId: incident } } as never);
    await q2.commitTransaction();
    await q2.release();

    const rows: { type: string; aggregate: string; seq: number }[] = await ds.query(
      `SELECT type, event->>'aggregate' AS aggregate, (event->>'seq')::int AS seq FROM outbox ORDER BY created_at, id`,
    );
    const mine = rows.filter((r) => r.aggregate === `office.incident:${incident}`);
    // the relay's order (created_at, then id): T2's rows first (between themselves in any order),
    // numbered after T1's
    expect(new Map(mine.map((r) => [r.type, r.seq]))).toEqual(new Map([['office.incident.reported', 1], ['office.incident.dispatched', 2], ['office.incident.accepted', 3]]));
    expect(mine.map((r) => r.seq).at(-1)).toBe(1);
    expect(rows.find((r) => r.aggregate === `office.incident:${other}`)?.seq).toBe(1);
    // events of no ordered family carry no number
    await ds.transaction((m) => writer.add(m, { type: 'office.theme.adopted', data: { themeId: randomUUID() } } as never));
    const [plain] = await ds.query(`SELECT event FROM outbox WHERE type = 'office.theme.adopted'`);
    expect(plain.event.seq).toBeUndefined();

    await startConsumer('arrival', ['office.incident.*']);
    await startConsumer('ordered', ['office.incident.*'], { ordered: true });
    const relay = new OutboxRelay(ds, () => nc, schema);
    running.push(relay);
    await relay.start();

    await eventually(async () => expect(await applied('ordered', `office.incident:${incident}`)).toEqual([1, 2, 3]), 30_000);
    // the order it arrived in was not that one (what makes the test able to fail)
    const arrival = await applied('arrival', `office.incident:${incident}`);
    expect(arrival.at(-1)).toBe(1);
    expect(arrival.sort()).toEqual([1, 2, 3]);
  });

  it('applies a deliberately reordered and repeated redelivery in order, once each', async () => {
    const incident = randomUUID();
    const agg = `office.incident:${incident}`;
    await startConsumer('reordered', ['office.incident.note_added'], { ordered: true });
    const one = randomUUID();
    await publish(incident, 3);
    await publish(incident, 1, one);
    await publish(incident, 4);
    await publish(incident, 1, one, true); // a redelivery of #1
    await publish(incident, 2);
    await eventually(async () => expect(await applied('reordered', agg)).toEqual([1, 2, 3, 4]), 60_000);
    const [{ c }] = await ds.query(`SELECT count(*)::int AS c FROM applied WHERE consumer = 'reordered' AND event_id = $1`, [one]);
    expect(c).toBe(1);
    const [turn] = await ds.query(`SELECT last_seq FROM consumer_order WHERE consumer = 'reordered' AND aggregate = $1`, [agg]);
    expect(Number(turn.last_seq)).toBe(4);
  });

  it('never waits forever: a predecessor parked in the dead letters lets the next pass; a missing one is given up at the last delivery', async () => {
    const parked = randomUUID();
    const gap = randomUUID();
    await startConsumer('patient', ['office.incident.note_added'], { ordered: true, maxDeliver: 3, refuse: (e) => e.aggregate === `office.incident:${parked}` && e.seq === 1 });
    // #2 comes first and waits; #1 is refused (a domain refusal: dead letters at once) and passes its turn.
    await publish(parked, 2);
    await publish(parked, 1);
    // #2 of another incident whose #1 never comes: applied at its last (3rd) delivery.
    await publish(gap, 2);
    await eventually(async () => expect(await applied('patient', `office.incident:${parked}`)).toEqual([2]), 60_000);
    await eventually(async () => expect(await applied('patient', `office.incident:${gap}`)).toEqual([2]), 60_000);
    const [turn] = await ds.query(`SELECT last_seq FROM consumer_order WHERE consumer = 'patient' AND aggregate = $1`, [`office.incident:${parked}`]);
    expect(Number(turn.last_seq)).toBe(2);
  });
});
