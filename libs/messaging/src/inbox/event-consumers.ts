import { Logger } from '@nestjs/common';
import { ConsumerHealth, DomainEvent, EVENT_STREAM, EventData, EventFilter, eventSubject, EventType, isEventType, matchesFilter, TypedEvent } from '@grid122/contracts';
import { activeSpanContext, Metrics, requestContext, SpanContext } from '@grid122/observability';
import { ConsumerConfig, JsMsg, JSONCodec, MsgHdrs, NatsConnection } from 'nats';
import { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_MAX_DELIVER, durableConfig, JetStreamConsumer, UnusableMessage } from '../consumer/jetstream-consumer';
import { traceConsume, traceFlush } from '../event-tracing';
import { isDomainRefusal } from '../rpc/app-error';
import { passTurn, takeTurn, takeTurns } from './event-order';
import { DeadLetters, REPLAY_FOR_HEADER } from './dead-letters';

export { atHand, DEFAULT_ACK_WAIT_MS, DEFAULT_MAX_DELIVER, retryDelayMs, STALL_MS } from '../consumer/jetstream-consumer';

const codec = JSONCodec<DomainEvent>();

export type EventHandler = (event: DomainEvent, manager: EntityManager) => Promise<void>;

export interface ConsumerRegistration {
  /** Logical consumer name, e.g. `appraisal` or `office-follow-cases`: the inbox key. */
  name: string;
  /** Event types to receive; wildcards as in NATS (`office.incident.*`, `enforcement.>`). */
  types: string[];
  handle: EventHandler;
  /**
   * Whether `handle` has anything to do for an event (default: every event). One it has not is
   * acknowledged without a transaction or an inbox row (an ordered consumer still moves its
   * aggregate's turn). A typed consumer answers by its `on` types and their `when`.
   */
  handles?: (event: DomainEvent) => boolean;
  /** Where a brand-new durable starts: all history (default) or only new events. */
  deliver?: 'all' | 'new';
  /** How long a delivery may stay unacked before JetStream redelivers it (a crashed replica). */
  ackWaitMs?: number;
  /**
   * Apply the events of one aggregate in their order (the envelope's `aggregate` and `seq`, see
   * ORDERED_EVENT_FAMILIES and inbox/event-order.ts): an early event waits for its predecessor.
   */
  ordered?: boolean;
  /** Deliveries before a failing event goes to the dead letters (default 8, about 11 minutes of backoff). */
  maxDeliver?: number;
  /**
   * Apply up to this many deliveries that are already at hand in one transaction (default 16 for
   * a consumer with an inbox: every consumer batches; 1 for one transaction per event). Handlers
   * write through the given manager alone (every consumer here does). The inbox's guarantees are
   * the same: each event's inbox row and effects commit together; when a batch fails, nothing of
   * it is kept and its events are applied one by one (retries, refusals and dead letters per
   * event, as without batching). Nothing waits to fill a batch: it is what is already at hand.
   */
  batch?: number;
  /**
   * How long a batch waits after its first delivery for more to arrive (default BATCH_LINGER_MS;
   * 0: only what is already at hand). Bounds the latency batching adds to an event.
   */
  lingerMs?: number;
  /** Called once per transaction after the handler ran for its events (a batch's summed writes). */
  flush?: (manager: EntityManager) => Promise<void>;
}

/**
 * Which events of a type a handler has anything to do for (`on(type, handler, { when })`): the
 * handler's own first test, said where the consumer can read it — an event it is false for has no
 * effect, so it is acknowledged without a transaction or an inbox row (an ordered consumer still
 * moves its turn).
 */
export type TypedWhen<K extends EventType> = (data: EventData<K>, event: TypedEvent<K>) => boolean;

/** A typed handler: the event's data as the event map declares it, the inbox transaction, the envelope. */
export type TypedHandler<K extends EventType> = (data: EventData<K>, manager: EntityManager, event: TypedEvent<K>) => Promise<void>;

export type ConsumerOptions = Omit<ConsumerRegistration, 'name' | 'types' | 'handle'> & {
  /**
   * What the durables subscribe to (one durable per filter), when not each handled type: e.g.
   * `['office.>']` for a consumer of many office events (its durables predate the typed map).
   * Every handled type must match one of them; the others are acknowledged unhandled.
   */
  filters?: EventFilter[];
};

/**
 * One consumer built by type: `consumers.consumer('office-surveys').on(AppraisalEvents.SurveyNotFixed, (data, m) => …)`.
 * Only types of the event map (libs/contracts/src/events.ts) are accepted, and the handler gets
 * their data typed: a subscription to a type no one publishes, or a renamed field, does not compile.
 */
export class TypedConsumer {
  /** Each type's handler, its data and event as the map declares them (checked at `on`). */
  private readonly handlers = new Map<string, (data: never, manager: EntityManager, event: never) => Promise<void>>();
  /** Each type's `when`, if it has one. */
  private readonly whens = new Map<string, (data: never, event: never) => boolean>();

  constructor(
    readonly name: string,
    private readonly filters: EventFilter[] | undefined,
  ) {}

  /**
   * Handles one type, or several with one handler (their data is the union of theirs); with
   * `when`, only the events it is true for (the handler must have nothing to do for the others).
   */
  on<K extends EventType>(types: K | readonly K[], handler: TypedHandler<K>, options: { when?: TypedWhen<K> } = {}): this {
    for (const type of (Array.isArray(types) ? types : [types]) as K[]) {
      if (!isEventType(type)) throw new Error(`${this.name}: ${type} is not in the event map`);
      if (this.handlers.has(type)) throw new Error(`${this.name}: ${type} has a handler already`);
      if (this.filters && !this.filters.some((f) => matchesFilter(type, f))) throw new Error(`${this.name}: ${type} matches none of its filters ${this.filters.join(', ')}`);
      this.handlers.set(type, handler);
      if (options.when) this.whens.set(type, options.when);
    }
    return this;
  }

  /** The types handled, and what the durables subscribe to. */
  get types(): string[] {
    return [...this.handlers.keys()];
  }

  get subscriptions(): string[] {
    return this.filters ?? this.types;
  }

  /** Whether the event's type has a handler and its `when` holds (the others are acknowledged with nothing to apply). */
  handles = (event: DomainEvent): boolean => {
    if (!this.handlers.has(event.type)) return false;
    const when = this.whens.get(event.type);
    return !when || when(event.data as never, event as never);
  };

  /** Runs the handler of the event's type (none: the event is not this consumer's, nothing to do). */
  handle = async (event: DomainEvent, manager: EntityManager): Promise<void> => {
    const handler = this.handlers.get(event.type);
    if (handler) await handler(event.data as never, manager, event as never);
  };
}

/** Messages an event consumer applies together at most, and by default (#27 item 6). */
export const MAX_BATCH = 16;
/**
 * How long an event consumer's batch waits for more after its first delivery (#27 item 6): under
 * a steady trickle (reports arriving a few milliseconds apart) the deliveries at hand are mostly
 * one, and each paid a transaction, its inbox row, its turn and its flush alone.
 */
export const BATCH_LINGER_MS = 20;

/** The durable's configuration, declared here and reconciled with the server's at every start. */
export function consumerConfig(reg: Pick<ConsumerRegistration, 'deliver' | 'ackWaitMs' | 'maxDeliver'>, durable: string, type: string): Partial<ConsumerConfig> {
  return durableConfig({ durable, filter: eventSubject(type), deliver: reg.deliver, ackWaitMs: reg.ackWaitMs, maxDeliver: reg.maxDeliver });
}

/**
 * Durable JetStream consumers with an inbox: each event is handled inside a transaction that
 * also records its id, so a redelivery (crash before ack, a replica restart) has no second
 * effect. Replicas of a service share the durable, so each event goes to one of them.
 * One durable per type filter: the Debian nats-server (2.9) has no multi-filter consumers.
 */
export class EventConsumers {
  private readonly logger = new Logger(EventConsumers.name);
  private readonly registrations: ConsumerRegistration[] = [];
  private readonly running: JetStreamConsumer[] = [];
  /** Other readers of this process reported in /health with the event consumers (the live feed). */
  private readonly attached: JetStreamConsumer[] = [];
  private started = false;
  private readonly deadLetters: DeadLetters;
  /** Each delivery's event once decoded (for batches, logs and dead letters). */
  private readonly decoded = new WeakMap<JsMsg, DomainEvent | null>();

  constructor(
    private readonly ds: DataSource | undefined,
    private readonly nc: () => NatsConnection,
    private readonly metrics?: Metrics,
  ) {
    this.deadLetters = new DeadLetters(nc);
  }

  register(reg: ConsumerRegistration): void {
    if (this.started) throw new Error('Register event consumers before the application starts');
    this.registrations.push(reg);
  }

  /**
   * A typed consumer (the way services consume): add its handlers with `.on(type, handler)` before
   * the application starts. Its durables subscribe to the handled types, or to `options.filters`.
   */
  consumer(name: string, options: ConsumerOptions = {}): TypedConsumer {
    const { filters, ...rest } = options;
    const consumer = new TypedConsumer(name, filters);
    const reg: ConsumerRegistration = { ...rest, name, types: [], handle: consumer.handle, handles: consumer.handles };
    Object.defineProperty(reg, 'types', { get: () => consumer.subscriptions, enumerable: true });
    this.register(reg);
    return consumer;
  }

  /** A registration by its consumer's name, to apply events with (handleEvents): replay tools and tests. */
  registration(name: string): Registered | undefined {
    return this.registrations.find((r) => r.name === name);
  }

  /** Reports another reader of this process (started and stopped by its owner) in /health. */
  attach(reader: JetStreamConsumer): void {
    this.attached.push(reader);
  }

  async start(): Promise<void> {
    this.started = true;
    for (const reg of this.registrations) {
      for (const type of reg.types) await this.startOne(reg, type);
    }
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.running.map((r) => r.stop()));
    this.running.length = 0;
  }

  private async startOne(reg: ConsumerRegistration, type: string): Promise<void> {
    const durable = `${reg.name}__${type}`.replace(/[.*>\s]/g, '_');
    // With an inbox, what is at hand is applied in one transaction (a stateless consumer has none).
    const batch = this.ds ? Math.max(1, Math.min(reg.batch ?? MAX_BATCH, MAX_BATCH)) : 1;
    const reader = new JetStreamConsumer(
      this.nc,
      {
        name: reg.name,
        stream: EVENT_STREAM,
        durable,
        filter: eventSubject(type),
        deliver: reg.deliver,
        ackWaitMs: reg.ackWaitMs,
        maxDeliver: reg.maxDeliver,
        batch,
        lingerMs: batch > 1 ? (reg.lingerMs ?? BATCH_LINGER_MS) : 0,
      },
      {
        one: (msg) => this.handleOne(reg, msg),
        many: batch > 1 ? (msgs) => this.handleBatch(reg, msgs) : undefined,
        arrange: reg.ordered ? (msgs) => this.inAggregateOrder(reg, msgs) : undefined,
        describe: (msg) => {
          const event = this.decoded.get(msg);
          return event ? { eventId: event.id, eventType: event.type } : undefined;
        },
      },
      { deadLetters: this.deadLetters, metrics: this.metrics },
    );
    await reader.start();
    this.running.push(reader);
  }

  /** Each durable's lag and state (and the attached readers'), for /health. */
  async health(): Promise<Record<string, ConsumerHealth>> {
    const readers = [...this.running, ...this.attached];
    if (readers.length === 0) return {};
    const rows = await Promise.all(readers.map(async (r): Promise<[string, ConsumerHealth]> => [r.durable ?? r.options.name, await r.health()]));
    return Object.fromEntries(rows);
  }

  /**
   * Several deliveries in one transaction (handleEvents). If anything fails, the transaction is
   * rolled back whole and the shared reader hands each event to handleOne, so a bad event is
   * retried or parked alone and the others still apply, once.
   */
  private async handleBatch(reg: ConsumerRegistration, msgs: JsMsg[]): Promise<void> {
    const events: Delivered[] = [];
    for (const msg of msgs) {
      const event = this.decode(reg, msg);
      if (event) events.push({ event, headers: msg.headers });
    }
    if (events.length > 0) await this.handleEvents(reg, events);
  }

  /**
   * The deliveries at hand with each aggregate's events in their numbers' order (an ordered
   * consumer): the places the aggregate's events hold are kept, filled in `seq` order, so a
   * batch that arrived 3, 2 applies 2, 3 together rather than sending 3 back to wait.
   */
  private inAggregateOrder(reg: ConsumerRegistration, msgs: JsMsg[]): JsMsg[] {
    const eventOf = (msg: JsMsg) => {
      try {
        return this.decode(reg, msg);
      } catch {
        return null;
      }
    };
    const slots = new Map<string, number[]>();
    msgs.forEach((msg, i) => {
      const aggregate = eventOf(msg)?.aggregate;
      if (aggregate) slots.set(aggregate, [...(slots.get(aggregate) ?? []), i]);
    });
    const out = [...msgs];
    for (const places of slots.values()) {
      const sorted = places.map((i) => msgs[i]).sort((a, b) => (eventOf(a)?.seq ?? 0) - (eventOf(b)?.seq ?? 0));
      places.forEach((p, k) => (out[p] = sorted[k]));
    }
    return out;
  }

  /**
   * The delivery's event; null when it is not for this consumer (a dead letter replayed for
   * another). Throws UnusableMessage when it is not an event (parked at once).
   */
  private decode(reg: ConsumerRegistration, msg: JsMsg): DomainEvent | null {
    const replayFor = msg.headers?.get(REPLAY_FOR_HEADER);
    if (replayFor && replayFor !== reg.name) return null;
    if (this.decoded.has(msg)) {
      const known = this.decoded.get(msg);
      if (known) return known;
    }
    let event: DomainEvent;
    try {
      event = codec.decode(msg.data);
      if (!event || typeof event.id !== 'string' || typeof event.type !== 'string') throw new Error('not a domain event');
    } catch (e) {
      this.decoded.set(msg, null);
      throw new UnusableMessage(`undecodable: ${(e as Error).message}`);
    }
    this.decoded.set(msg, event);
    return event;
  }

  private async handleOne(reg: ConsumerRegistration, msg: JsMsg): Promise<void> {
    const event = this.decode(reg, msg);
    if (!event) return;
    const lastDelivery = msg.info.redeliveryCount >= (reg.maxDeliver ?? DEFAULT_MAX_DELIVER);
    try {
      await this.handleEvents(reg, [{ event, headers: msg.headers }], lastDelivery);
    } catch (e) {
      // Parked in the dead letters now (a refusal, the last delivery): its successors need not wait for it.
      if (reg.ordered && this.ds && (isDomainRefusal(e) || lastDelivery)) {
        await passTurn(this.ds, reg.name, event).catch((err) => this.logger.warn(`${reg.name}: could not pass ${event.aggregate} #${event.seq}: ${(err as Error).message}`));
      }
      throw e;
    }
  }

  /** Runs the handler at most once per (consumer, event id), in a transaction of its own. Exposed for replay tools and tests. */
  async handleOnce(reg: Registered, event: DomainEvent, lastDelivery = false): Promise<boolean> {
    return (await this.handleEvents(reg, [{ event }], lastDelivery)).length === 1;
  }

  /**
   * Applies events in one transaction, each at most once per (consumer, event id), and returns
   * the ids applied (the others were seen before, or repeat one earlier in the list): the inbox
   * rows of them all in one statement, skipping the ids already there; an ordered consumer's turns
   * (takeTurns: two statements); each new event's handler in order; `flush`; the commit. Events
   * the consumer has nothing to do for (`handles`: not its type, or its `when` is false) take no
   * inbox row, and no transaction when there is no turn to move (an ordered consumer still moves
   * their aggregate's turn). One event is one batch of one.
   */
  async handleEvents(reg: Registered, delivered: Delivered[], lastDelivery = false): Promise<string[]> {
    if (!this.ds) {
      // A stateless consumer has nothing to make idempotent.
      for (const { event } of delivered) await reg.handle(event, undefined as never);
      return delivered.map((d) => d.event.id);
    }
    const handled = delivered.filter((d) => !reg.handles || reg.handles(d.event));
    // Nothing this consumer applies, nor any turn to move: no transaction at all.
    if (handled.length === 0 && !(reg.ordered && delivered.some((d) => d.event.aggregate && d.event.seq))) return [];
    return this.ds.transaction(async (m) => {
      const fresh = await claimInbox(m, reg.name, handled);
      if (reg.ordered) {
        // The turns of the new events and of the unhandled ones (no inbox row: a repeat of one is behind its turn and moves nothing).
        const inTurn = delivered.filter((d) => fresh.includes(d) || !handled.includes(d)).map((d) => d.event);
        if (lastDelivery && inTurn.length === 1) {
          // An early event throws EventOutOfOrder (retried with the backoff) until its last delivery.
          const [event] = inTurn;
          const applied = await takeTurn(m, reg.name, event, false);
          if (applied !== undefined && event.seq! > applied + 1) this.logger.warn(`${reg.name}: ${event.type} ${event.id} applied out of order at its last delivery: ${event.aggregate} #${event.seq} after #${applied}`);
        } else {
          await takeTurns(m, reg.name, inTurn);
        }
      }
      // Each event's `process` span, for the flush's span to continue (one event) or link (several).
      const spans: SpanContext[] = [];
      for (const { event, headers } of fresh) {
        await traceConsume(reg.name, headers, event, () => {
          const sc = activeSpanContext();
          if (sc) spans.push(sc);
          return requestContext.run({ requestId: event.requestId ?? event.id }, () => reg.handle(event, m));
        });
      }
      const flush = reg.flush;
      if (flush && fresh.length > 0) await traceFlush(reg.name, spans, () => flush(m));
      this.metrics?.consumerTransactions.inc({ consumer: reg.name });
      return fresh.map((d) => d.event.id);
    });
  }
}

/** An event as delivered: its message's headers carry the trace it continues. */
export interface Delivered {
  event: DomainEvent;
  headers?: MsgHdrs;
}

/** What applying events needs of a registration. */
export type Registered = Pick<ConsumerRegistration, 'name' | 'handle' | 'handles' | 'flush' | 'ordered'>;

/**
 * Records the events' ids in the consumer's inbox in one statement (in id order: replicas that
 * meet on the same ids wait for each other in the same order) and returns the events whose row is
 * new, each id once (its first place in the list), in the list's order. An id already there (a
 * redelivery, a repeat) is left out: it has had its effect.
 */
export async function claimInbox(m: EntityManager, consumer: string, delivered: Delivered[]): Promise<Delivered[]> {
  if (delivered.length === 0) return [];
  const rows: { i: number }[] = await m.query(
    `WITH given AS (
       SELECT DISTINCT ON (id::uuid) id::uuid AS id, i FROM unnest($2::text[]) WITH ORDINALITY AS g(id, i) ORDER BY id::uuid, i
     ), fresh AS (
       INSERT INTO inbox (consumer, event_id) SELECT $1, id FROM given ORDER BY id ON CONFLICT DO NOTHING RETURNING event_id
     )
     SELECT given.i::int AS i FROM given JOIN fresh ON fresh.event_id = given.id ORDER BY given.i`,
    [consumer, delivered.map((d) => d.event.id)],
  );
  return rows.map((r) => delivered[r.i - 1]);
}
