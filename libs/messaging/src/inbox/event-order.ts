import { DomainEvent } from '@grid122/contracts';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Per-aggregate order for consumers that declare `ordered` (#22 item 2). Events of an ordered
 * family carry `aggregate` and `seq` (numbered by the outbox writer in commit order); such a
 * consumer applies event n of an aggregate only after n − 1: an event that comes early (a
 * redelivery overtaken, the relay's order of rows from transactions that started in the other
 * order, another durable of the same consumer, another replica) is refused with OUT_OF_ORDER and
 * comes back with the consumer's backoff (1 s, 3 s, 9 s …) until its predecessor is applied.
 * It never waits forever: at its last delivery it is applied anyway (and logged), and a
 * predecessor parked in the dead letters lets its successors pass. A late event (a replayed dead
 * letter) is still applied; the inbox keeps every event to one effect as before.
 */
export class EventOutOfOrder extends Error {
  readonly code = 'OUT_OF_ORDER';
  constructor(
    readonly aggregate: string,
    readonly seq: number,
    readonly applied: number,
  ) {
    super(`${aggregate} #${seq} waits for #${applied + 1} (applied up to #${applied})`);
  }
}

/**
 * In the consumer's transaction, before its handler: locks the aggregate's turn, throws
 * EventOutOfOrder when the event is early and may still wait, else records it as applied.
 * Returns the number applied before (undefined for an event without a number).
 */
export async function takeTurn(m: EntityManager, consumer: string, event: Pick<DomainEvent, 'aggregate' | 'seq'>, mayWait: boolean): Promise<number | undefined> {
  if (!event.aggregate || !event.seq) return undefined;
  // One statement: creates the row at 0 or locks the existing one (held until the commit).
  const [row] = await m.query(
    `INSERT INTO consumer_order (consumer, aggregate, last_seq) VALUES ($1, $2, 0)
     ON CONFLICT (consumer, aggregate) DO UPDATE SET last_seq = consumer_order.last_seq RETURNING last_seq`,
    [consumer, event.aggregate],
  );
  const applied = Number(row.last_seq);
  if (event.seq > applied + 1 && mayWait) throw new EventOutOfOrder(event.aggregate, event.seq, applied);
  if (event.seq > applied) {
    await m.query(`UPDATE consumer_order SET last_seq = $3, updated_at = now() WHERE consumer = $1 AND aggregate = $2`, [consumer, event.aggregate, event.seq]);
  }
  return applied;
}

/** A numbered event parked in the dead letters: its successors need not wait for it. */
export async function passTurn(ds: DataSource, consumer: string, event: Pick<DomainEvent, 'aggregate' | 'seq'>): Promise<void> {
  if (!event.aggregate || !event.seq) return;
  await ds.query(`INSERT INTO consumer_order (consumer, aggregate, last_seq) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING`, [consumer, event.aggregate]);
  await ds.query(`UPDATE consumer_order SET last_seq = $3, updated_at = now() WHERE consumer = $1 AND aggregate = $2 AND last_seq = $3 - 1`, [consumer, event.aggregate, event.seq]);
}

/**
 * takeTurn for the events of a batch (in the order they are applied), in two statements whatever
 * its size: one locks (or creates at 0) the turn of every aggregate the batch names, in the
 * aggregates' order (replicas lock them in the same order: no deadlock); the events are checked
 * against it in memory as takeTurn checks one; one more moves the turns that advanced. An early
 * event throws EventOutOfOrder (the batch is rolled back and applied one by one, where it waits
 * alone). Only for events that may wait (a batch is never an event's last delivery).
 */
export async function takeTurns(m: EntityManager, consumer: string, events: Pick<DomainEvent, 'aggregate' | 'seq'>[]): Promise<void> {
  const numbered = events.filter((e): e is { aggregate: string; seq: number } => !!e.aggregate && !!e.seq);
  if (numbered.length === 0) return;
  const aggregates = [...new Set(numbered.map((e) => e.aggregate))].sort();
  const rows: { aggregate: string; last_seq: string }[] = await m.query(
    `INSERT INTO consumer_order (consumer, aggregate, last_seq) SELECT $1, a, 0 FROM unnest($2::text[]) AS a ORDER BY a
     ON CONFLICT (consumer, aggregate) DO UPDATE SET last_seq = consumer_order.last_seq RETURNING aggregate, last_seq`,
    [consumer, aggregates],
  );
  const before = new Map(rows.map((r) => [r.aggregate, Number(r.last_seq)]));
  const turn = new Map(before);
  for (const e of numbered) {
    const applied = turn.get(e.aggregate) ?? 0;
    if (e.seq > applied + 1) throw new EventOutOfOrder(e.aggregate, e.seq, applied);
    if (e.seq > applied) turn.set(e.aggregate, e.seq);
  }
  const moved = aggregates.filter((a) => turn.get(a) !== before.get(a));
  if (moved.length === 0) return;
  await m.query(
    `UPDATE consumer_order AS o SET last_seq = t.seq, updated_at = now()
       FROM unnest($2::text[], $3::bigint[]) AS t(aggregate, seq)
      WHERE o.consumer = $1 AND o.aggregate = t.aggregate`,
    [consumer, moved, moved.map((a) => turn.get(a))],
  );
}
