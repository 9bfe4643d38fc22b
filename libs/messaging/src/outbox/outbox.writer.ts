import { randomUUID } from 'node:crypto';
import { DomainEvent, eventAggregate, EventAudience, EVENT_VERSIONS, EventData, EventType, TypedEvent } from '@grid122/contracts';
import { currentTraceparent, requestContext } from '@grid122/observability';
import { withoutPersonalData } from '@grid122/privacy';
import { EntityManager } from 'typeorm';

/**
 * One event to write: a type of the event map (libs/contracts/src/events.ts) with its data. For a
 * union of types (several events at once) each one is checked against its own type's data.
 */
export type NewEvent<K extends EventType = EventType> = K extends EventType ? NewEventOf<K> : never;

interface NewEventOf<K extends EventType> {
  type: K;
  data: EventData<K>;
  gridPath?: string | null;
  actorId?: string | null;
  /** Units and departments the event concerns beyond the producer's rule (added to its audience). */
  audience?: Partial<Pick<EventAudience, 'units' | 'departmentIds'>>;
  /** Set for events derived from another event, so replays stay deterministic. */
  id?: string;
  occurredAt?: Date;
}

/**
 * A producer's audience rule: the units and departments an event concerns (the office: an
 * incident's unit, lead and assists; a unit's service: its own unit). Declared once per app
 * (MessagingModule.forRoot({ audience })), applied to every event it writes.
 */
export type AudienceRule = (event: NewEvent) => Partial<Pick<EventAudience, 'units' | 'departmentIds'>> | undefined;

/** The rule of a unit's own service (两组两队): every event it writes concerns its unit. */
export const ownUnitAudience =
  (unit: string): AudienceRule =>
  () => ({ units: [unit] });

/** The query runner's note of the outbox rows its transaction wrote (read by the relay after commit). */
export const OUTBOX_WRITTEN = 'grid122.outboxWritten';

/** An outbox row as the relay publishes it: the event's bytes as stored, and what its headers and span name. */
export interface OutboxRow {
  id: string;
  type: string;
  requestId: string | null;
  traceparent: string | null;
  /** The event as JSON (UTF-8): what the relay would read back from the row. */
  data: Uint8Array;
}

/**
 * What a transaction wrote: its rows, handed to the relay of this process when it commits (no
 * re-read); `whole` false once a savepoint was rolled back (some rows may be gone: the relay reads
 * the outbox instead).
 */
export interface OutboxWritten {
  rows: OutboxRow[];
  whole: boolean;
}

const utf8 = new TextEncoder();

/**
 * Records domain events in the caller's transaction, and notes the rows on the transaction so the
 * relay of this process publishes them right after it commits, from memory (never for one that
 * rolls back). No NOTIFY: Postgres serialises every committing transaction that sent one behind a
 * single database-wide lock (the benchmark's intake waited on `Lock:object` for it), so relays of
 * other processes (replicas, a seed run from the CLI) find the rows by their one-second poll instead.
 */
export class OutboxWriter {
  constructor(
    private readonly source: string,
    private readonly schema: string,
    private readonly audienceRule?: AudienceRule,
  ) {}

  async add<K extends EventType>(manager: EntityManager, ...events: NewEvent<K>[]): Promise<TypedEvent<K>[]> {
    return this.addJoined(manager, undefined, ...events);
  }

  /**
   * `add`, with another data-modifying statement of the transaction run in the same round trip (a
   * CTE of the outbox insert, executed once whether read or not): `joined.sql` numbers its own
   * parameters from $1. The intake joins its daily counters' upsert (one statement fewer while the
   * street's code counter is held, #27).
   */
  async addJoined<K extends EventType>(manager: EntityManager, joined: { sql: string; params: unknown[] } | undefined, ...events: NewEvent<K>[]): Promise<TypedEvent<K>[]> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('OutboxWriter.add must run inside the transaction of the state change');
    }
    const built = events.map((e) => this.build<K>(e));
    // The trace of the request that made the change (null when tracing is off): the relay
    // publishes it as the message's `traceparent`, so the consumers continue that trace.
    const traceparent = currentTraceparent();
    const ids = built.map((e) => e.id);
    const types = built.map((e) => e.type);
    const order = this.order(built);
    let json = built.map((e) => JSON.stringify(e));
    // The joined statement's parameters first; the outbox's are numbered after them.
    const base = joined?.params.length ?? 0;
    const $ = (n: number) => `$${n + base}`;
    const before = joined ? [`j AS (${joined.sql})`] : [];
    const pre = joined?.params ?? [];
    if (!order) {
      // One statement for the batch.
      await manager.query(
        `${before.length ? `WITH ${before.join(', ')} ` : ''}INSERT INTO "${this.schema}"."outbox" (id, type, event, traceparent) SELECT u.*, ${$(4)}::text FROM unnest(${$(1)}::uuid[], ${$(2)}::text[], ${$(3)}::jsonb[]) AS u`,
        [...pre, ids, types, json, traceparent],
      );
    } else {
      // Numbered and written in one statement (one round trip of the intake's transaction, #27):
      // the upsert takes the next numbers of each aggregate, in sorted order, and holds its row lock
      // until the commit, so the numbers follow the commit order (consumers declared `ordered`
      // apply them in it); each event's number is its aggregate's new last less how many of the
      // batch's events of that aggregate come after it.
      const rows: { id: string; seq: string | null }[] = await manager.query(
        `WITH ${[...before, ''].join(', ')}s AS (
           INSERT INTO "${this.schema}"."event_sequences" (aggregate, seq) SELECT * FROM unnest(${$(5)}::text[], ${$(6)}::bigint[])
           ON CONFLICT (aggregate) DO UPDATE SET seq = "event_sequences".seq + EXCLUDED.seq RETURNING aggregate, seq
         )
         INSERT INTO "${this.schema}"."outbox" (id, type, event, traceparent)
         SELECT u.id, u.type, CASE WHEN s.seq IS NULL THEN u.event ELSE u.event || jsonb_build_object('seq', s.seq - u.back) END, ${$(4)}::text
         FROM unnest(${$(1)}::uuid[], ${$(2)}::text[], ${$(3)}::jsonb[], ${$(7)}::text[], ${$(8)}::bigint[]) WITH ORDINALITY AS u(id, type, event, aggregate, back, n)
         LEFT JOIN s ON s.aggregate = u.aggregate
         ORDER BY u.n
         RETURNING id, (event->>'seq')::bigint AS seq`,
        [...pre, ids, types, json, traceparent, order.aggregates, order.counts, order.ofEvent, order.back],
      );
      const seqOf = new Map(rows.map((r) => [r.id, r.seq]));
      for (const e of built) if (e.aggregate) e.seq = Number(seqOf.get(e.id));
      json = built.map((e) => JSON.stringify(e)); // as stored: with its seq
    }
    const data = manager.queryRunner.data ?? {};
    const written: OutboxWritten = data[OUTBOX_WRITTEN] ?? { rows: [], whole: true };
    for (const [i, e] of built.entries()) written.rows.push({ id: e.id, type: e.type, requestId: e.requestId ?? null, traceparent, data: utf8.encode(json[i]) });
    manager.queryRunner.data = { ...data, [OUTBOX_WRITTEN]: written };
    return built;
  }

  /**
   * The ordered aggregates of a batch (ORDERED_EVENT_FAMILIES), or null when none: each aggregate
   * once, sorted (so two transactions lock the same aggregates in the same order), with how many
   * of the batch's events it takes, and per event its aggregate and how many of the batch's events
   * of that aggregate follow it.
   */
  private order(built: DomainEvent[]): { aggregates: string[]; counts: number[]; ofEvent: (string | null)[]; back: number[] } | null {
    const counts = new Map<string, number>();
    for (const e of built) {
      const aggregate = eventAggregate(e.type, e.data);
      if (!aggregate) continue;
      e.aggregate = aggregate;
      counts.set(aggregate, (counts.get(aggregate) ?? 0) + 1);
    }
    if (counts.size === 0) return null;
    const aggregates = [...counts.keys()].sort();
    const seen = new Map<string, number>();
    const back = built.map((e) => {
      if (!e.aggregate) return 0;
      const k = (seen.get(e.aggregate) ?? 0) + 1;
      seen.set(e.aggregate, k);
      return counts.get(e.aggregate)! - k;
    });
    return { aggregates, counts: aggregates.map((a) => counts.get(a)!), ofEvent: built.map((e) => e.aggregate ?? null), back };
  }

  build<K extends EventType>(e: NewEvent<K>): TypedEvent<K> {
    const event: DomainEvent<EventData<EventType>> = {
      id: e.id ?? randomUUID(),
      type: e.type,
      version: EVENT_VERSIONS[e.type],
      audience: this.audienceOf(e),
      source: this.source,
      occurredAt: (e.occurredAt ?? new Date()).toISOString(),
      gridPath: e.gridPath ?? null,
      actorId: e.actorId ?? requestContext.get()?.actorId ?? null,
      requestId: requestContext.requestId() ?? null,
      // No phone, ID number, e-mail or resident name leaves a service in an event (docs/security.md).
      data: withoutPersonalData(e.data),
    };
    return event as TypedEvent<K>;
  }

  /** The event's audience: its place, and the units and departments of the rule and of the call. */
  private audienceOf(e: NewEvent): EventAudience {
    const ruled = this.audienceRule?.(e);
    const uniq = (...xs: (string[] | undefined)[]) => [...new Set(xs.flatMap((x) => x ?? []).filter((x) => !!x))];
    return { gridPath: e.gridPath ?? null, units: uniq(ruled?.units, e.audience?.units), departmentIds: uniq(ruled?.departmentIds, e.audience?.departmentIds) };
  }
}
