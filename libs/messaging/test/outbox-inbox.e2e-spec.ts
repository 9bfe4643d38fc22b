import { DomainEvent, EVENT_STREAM } from '@grid122/contracts';
import { eventually } from '@grid122/testing';
import { NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { Delivered, EventConsumers, Registered } from '../src/inbox/event-consumers';
import { addOutboxRetry, addOutboxTraceparent } from '../src/outbox/outbox.migration';
import { OutboxRelay } from '../src/outbox/outbox.relay';
import { OutboxWriter } from '../src/outbox/outbox.writer';
import { OutboxFixture } from './outbox-fixture';

/** A consumer that "crashes" after its transaction committed but before the ack. */
class CrashAfterCommit extends EventConsumers {
  crashes = 0;
  constructor(ds: DataSource, nc: () => NatsConnection, private readonly crashFirst: number) {
    super(ds, nc);
  }
  override async handleEvents(reg: Registered, events: Delivered[], lastDelivery?: boolean): Promise<string[]> {
    const handled = await super.handleEvents(reg, events, lastDelivery);
    if (this.crashes < this.crashFirst) {
      this.crashes++;
      throw new Error('crash before ack');
    }
    return handled;
  }
}

describe('outbox → JetStream → durable consumer with inbox', () => {
  let fx: OutboxFixture;
  let ds: DataSource;
  let nc: NatsConnection;
  const schema = 'msgtest';
  const running: { stop(): Promise<void> }[] = [];

  beforeAll(async () => {
    fx = await OutboxFixture.start(schema, {
      migrations: [addOutboxRetry, addOutboxTraceparent],
      tables: [`CREATE TABLE ${schema}.effects (event_id uuid NOT NULL, n int NOT NULL)`, `CREATE TABLE ${schema}.things (id serial PRIMARY KEY, n int NOT NULL)`],
    });
    ({ ds, nc } = fx);
  });

  afterAll(() => fx?.stop(running));

  it('delivers every committed event exactly once in effect, across a crash before ack and a consumer restart', async () => {
    const writer = new OutboxWriter('office', schema);
    const relay = new OutboxRelay(ds, () => nc, schema);
    await relay.start();
    running.push(relay);

    const reg = (consumers: EventConsumers) =>
      consumers.register({
        name: 'test-consumer',
        types: ['office.thing.*'],
        ackWaitMs: 1500,
        handle: async (event, m) => {
          await m.query(`INSERT INTO effects (event_id, n) VALUES ($1, $2)`, [event.id, (event.data as { n: number }).n]);
        },
      });

    const first = new CrashAfterCommit(ds, () => nc, 5);
    reg(first);
    running.push(first);
    await first.start();

    for (let n = 1; n <= 30; n++) {
      await ds.transaction(async (m) => {
        await m.query(`INSERT INTO things (n) VALUES ($1)`, [n]);
        await writer.add(m, { type: 'office.thing.created', data: { n } });
      });
    }
    // A rolled-back transaction publishes nothing.
    await ds
      .transaction(async (m) => {
        await writer.add(m, { type: 'office.thing.created', data: { n: 999 } });
        throw new Error('rollback');
      })
      .catch(() => undefined);

    await eventually(async () => {
      const [{ c }] = await ds.query(`SELECT count(DISTINCT event_id)::int AS c FROM effects`);
      expect(c).toBeGreaterThanOrEqual(10);
    }, 20_000);
    expect(first.crashes).toBe(5);

    // Restart: the first consumer goes away mid-stream; a new instance takes over the durable.
    await first.stop();
    for (let n = 31; n <= 40; n++) {
      await ds.transaction(async (m) => writer.add(m, { type: 'office.thing.created', data: { n } }));
    }
    const second = new EventConsumers(ds, () => nc);
    reg(second);
    running.push(second);
    await second.start();

    await eventually(async () => {
      const rows = await ds.query(`SELECT n, count(*)::int AS c FROM effects GROUP BY n ORDER BY n`);
      expect(rows.map((r: { n: number }) => r.n)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect(rows.every((r: { c: number }) => r.c === 1)).toBe(true);
    }, 30_000);

    const jsm = await nc.jetstreamManager();
    // The crashed deliveries came back and were acked without a second effect.
    await eventually(async () => {
      const infos = [];
      for await (const c of jsm.consumers.list(EVENT_STREAM)) infos.push(c);
      expect(infos.length).toBeGreaterThan(0);
      for (const c of infos) {
        expect(c.num_ack_pending).toBe(0);
        expect(c.num_pending).toBe(0);
      }
    }, 30_000);

    // Re-publishing an outbox row (a relay crash between publish and mark) is dropped by JetStream.
    const before = (await jsm.streams.info(EVENT_STREAM)).state.messages;
    await ds.query(`UPDATE outbox SET published_at = NULL WHERE id = (SELECT id FROM outbox ORDER BY created_at LIMIT 1)`);
    relay.kick();
    await eventually(async () => {
      const [{ c }] = await ds.query(`SELECT count(*)::int AS c FROM outbox WHERE published_at IS NULL`);
      expect(c).toBe(0);
    });
    expect((await jsm.streams.info(EVENT_STREAM)).state.messages).toBe(before);
    const [{ c: effects }] = await ds.query(`SELECT count(*)::int AS c FROM effects`);
    expect(effects).toBe(40);

    await second.stop();
    await relay.stop();
  }, 60_000);

  it('wakes the relay when a transaction that wrote events commits, not by its poll (nor early, at a savepoint)', async () => {
    // The relays and consumers of the test above stop: only this relay may publish here.
    for (const r of running.splice(0)) await r.stop();
    const writer = new OutboxWriter('office', schema);
    await ds.query(`UPDATE outbox SET published_at = now() WHERE published_at IS NULL`);
    const hour = 3_600_000;
    const relay = new OutboxRelay(ds, () => nc, schema, undefined, { pollMs: hour }); // its poll never comes during the test
    await relay.start();
    running.push(relay);
    const pending = async () => (await ds.query(`SELECT id FROM outbox WHERE published_at IS NULL`)).map((r: { id: string }) => r.id);
    await eventually(async () => expect(await pending()).toEqual([]));

    const [event] = await ds.transaction(async (m) => {
      await m.query(`INSERT INTO things (n) VALUES (1001)`);
      return writer.add(m, { type: 'office.thing.created', data: { n: 1001 } });
    });
    await eventually(async () => expect(await pending()).toEqual([]));
    const jsm = await nc.jetstreamManager();
    const stored = await jsm.streams.getMessage(EVENT_STREAM, { last_by_subj: 'evt.office.thing.created' });
    expect(JSON.parse(new TextDecoder().decode(stored.data)).id).toBe(event.id);

    // A savepoint inside is released without waking it early; the outer commit wakes it once.
    await ds.transaction(async (m) => {
      await m.transaction(async (inner) => writer.add(inner, { type: 'office.thing.created', data: { n: 1002 } }));
      // Still inside the outer transaction: the row is there, unpublished (the release woke nobody).
      expect(await m.query(`SELECT id FROM outbox WHERE published_at IS NULL`)).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 200)); // a relay woken by the release would have drained by now, finding nothing
    });
    await eventually(async () => expect(await pending()).toEqual([]));

    // Written by another process (here: a second DataSource with no relay): found by the poll only.
    const other = await fx.dataSource();
    try {
      await other.transaction((m) => writer.add(m, { type: 'office.thing.created', data: { n: 1003 } }));
      await new Promise((r) => setTimeout(r, 300));
      expect(await pending()).toHaveLength(1); // nobody woke this relay
      relay.kick(); // what its poll does
      await eventually(async () => expect(await pending()).toEqual([]));
    } finally {
      await other.destroy();
    }
  });

  it('publishes what its own process committed from memory (no transaction of its own reads it back); a savepoint rolled back publishes nothing of it', async () => {
    for (const r of running.splice(0)) await r.stop();
    await ds.query(`UPDATE outbox SET published_at = now() WHERE published_at IS NULL`);
    const writer = new OutboxWriter('office', schema);
    const relay = new OutboxRelay(ds, () => nc, schema, undefined, { pollMs: 3_600_000 }); // its poll never comes during the test
    await relay.start();
    running.push(relay);
    const pending = async () => (await ds.query(`SELECT id FROM outbox WHERE published_at IS NULL`)).map((r: { id: string }) => r.id);
    await eventually(async () => expect(await pending()).toEqual([]));
    const jsm = await nc.jetstreamManager();
    const last = async () => JSON.parse(new TextDecoder().decode((await jsm.streams.getMessage(EVENT_STREAM, { last_by_subj: 'evt.office.thing.created' })).data));

    // Ten commits at once: each published and marked, and the relay opened no transaction (the poll's read) for them.
    const transaction = jest.spyOn(ds, 'transaction');
    try {
      const events = (await Promise.all(Array.from({ length: 10 }, (_, i) => ds.transaction((m) => writer.add(m, { type: 'office.thing.created', data: { n: 3000 + i } }))))).flat();
      await eventually(async () => expect(await pending()).toEqual([]));
      expect(transaction).toHaveBeenCalledTimes(10); // the writers' own
      const stored = (await ds.query(`SELECT event FROM outbox WHERE id = ANY($1::uuid[])`, [events.map((e) => e.id)])).map((r: { event: DomainEvent }) => r.event);
      expect(stored.map((e: DomainEvent) => (e.data as { n: number }).n).sort()).toEqual(events.map((e) => (e.data as { n: number }).n).sort());
      // what went out is the row as stored
      const newest = await last();
      expect(newest).toEqual(stored.find((e: DomainEvent) => e.id === newest.id));
    } finally {
      transaction.mockRestore();
    }

    // A savepoint rolled back inside a transaction that commits: its event never leaves; the rest does (read from the outbox).
    const before = (await jsm.streams.info(EVENT_STREAM)).state.messages;
    const [kept] = await ds.transaction(async (m) => {
      const written = await writer.add(m, { type: 'office.thing.created', data: { n: 3100 } });
      await m.transaction((inner) => writer.add(inner, { type: 'office.thing.created', data: { n: 3101 } }).then(() => Promise.reject(new Error('undo the savepoint')))).catch(() => undefined);
      return written;
    });
    await eventually(async () => expect(await pending()).toEqual([]));
    await new Promise((r) => setTimeout(r, 200));
    expect((await jsm.streams.info(EVENT_STREAM)).state.messages).toBe(before + 1);
    expect((await last()).id).toBe(kept.id);
  });

  it('runs a joined statement in the outbox insert\'s round trip (its own $1…, the outbox\'s after it), or rolls back with it', async () => {
    const writer = new OutboxWriter('office', schema);
    const [event] = await ds.transaction(async (m) => {
      const query = jest.spyOn(m, 'query');
      const written = await writer.addJoined(m, { sql: `INSERT INTO things (n) VALUES ($1), ($2)`, params: [4001, 4002] }, { type: 'office.thing.created', data: { n: 4001 } });
      expect(query).toHaveBeenCalledTimes(1);
      return written;
    });
    expect((await ds.query(`SELECT n FROM things WHERE n IN (4001, 4002) ORDER BY n`)).map((r: { n: number }) => r.n)).toEqual([4001, 4002]);
    expect((await ds.query(`SELECT event FROM outbox WHERE id = $1`, [event.id]))[0].event.data).toEqual({ n: 4001 });
    await ds.transaction((m) => writer.addJoined(m, { sql: `INSERT INTO things (n) VALUES ($1)`, params: [4003] }, { type: 'office.thing.created', data: { n: 4003 } }).then(() => Promise.reject(new Error('rollback')))).catch(() => undefined);
    expect(await ds.query(`SELECT n FROM things WHERE n = 4003`)).toEqual([]);
  });

  it('retries a row that fails on its own with backoff and parks it after N attempts while the rest flow; measures; prunes', async () => {
    for (const r of running.splice(0)) await r.stop();
    await ds.query(`UPDATE outbox SET published_at = now() WHERE published_at IS NULL`);
    const writer = new OutboxWriter('office', schema);
    const relay = new OutboxRelay(ds, () => nc, schema, undefined, { maxAttempts: 3, pollMs: 200, measureMs: 3_600_000, pruneEveryMs: 3_600_000 });
    await relay.start();
    running.push(relay);

    // Larger than the server's max_payload (1 MiB): it can never be published.
    const [poison] = await ds.transaction((m) => writer.add(m, { type: 'office.thing.created', data: { n: -1, blob: 'x'.repeat(1_200_000) } }));
    const good = [];
    for (let n = 2001; n <= 2005; n++) good.push(...(await ds.transaction((m) => writer.add(m, { type: 'office.thing.created', data: { n } }))));

    // The rest flow at once, though the poison row is older and first in line.
    await eventually(async () => {
      const rows = await ds.query(`SELECT id FROM outbox WHERE published_at IS NOT NULL AND id = ANY($1::uuid[])`, [good.map((e) => e.id)]);
      expect(rows).toHaveLength(5);
    });
    // The poison row: each failure counted, retried later and later, then parked with its error.
    const parked = await eventually(async () => {
      const [row] = await ds.query(`SELECT attempts, last_error, parked_at, published_at FROM outbox WHERE id = $1`, [poison.id]);
      expect(row.parked_at).not.toBeNull();
      return row;
    }, 30_000);
    expect(parked.attempts).toBe(3);
    expect(parked.published_at).toBeNull();
    expect(parked.last_error).toMatch(/MAX_PAYLOAD_EXCEEDED/);
    expect(await relay.measure()).toEqual({ unpublished: 0, parked: 1, oldestUnpublishedSeconds: 0 });

    // A new row still flows past the parked one.
    const [later] = await ds.transaction((m) => writer.add(m, { type: 'office.thing.created', data: { n: 2006 } }));
    await eventually(async () => expect((await ds.query(`SELECT published_at FROM outbox WHERE id = $1`, [later.id]))[0].published_at).not.toBeNull());

    // An operator puts it back in line (after fixing the cause; here it fails again).
    expect(await relay.unpark([poison.id])).toBe(1);
    await eventually(async () => expect((await ds.query(`SELECT attempts FROM outbox WHERE id = $1`, [poison.id]))[0].attempts).toBeGreaterThanOrEqual(1));

    // Pruning: published rows past their retention and inbox rows past the redelivery horizon go; the rest stay.
    await ds.query(`UPDATE outbox SET published_at = now() - interval '8 days' WHERE id = ANY($1::uuid[])`, [good.map((e) => e.id)]);
    await ds.query(`INSERT INTO inbox (consumer, event_id, handled_at) VALUES ('old', gen_random_uuid(), now() - interval '31 days'), ('old', gen_random_uuid(), now() - interval '31 days')`);
    const [{ c: inboxBefore }] = await ds.query(`SELECT count(*)::int AS c FROM inbox`);
    expect(await relay.prune()).toEqual({ outbox: 5, inbox: 2 });
    const [{ c: inboxAfter }] = await ds.query(`SELECT count(*)::int AS c FROM inbox`);
    expect(inboxAfter).toBe(inboxBefore - 2);
    expect(await ds.query(`SELECT id FROM outbox WHERE id = $1`, [later.id])).toHaveLength(1);
    expect(await ds.query(`SELECT id FROM outbox WHERE id = $1`, [poison.id])).toHaveLength(1);
  }, 60_000);
});
