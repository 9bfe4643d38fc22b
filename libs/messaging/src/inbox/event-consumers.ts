import { Logger } from '@nestjs/common';
import { ConsumerHealth, DomainEvent, EVENT_STREAM, EventData, EventFilter, eventSubject, EventType, isEventType, matchesFilter, TypedEvent } from '@grid122/contracts';
import { Metrics, requestContext } from '@grid122/observability';
import { ConsumerConfig, JsMsg, JSONCodec, NatsConnection } from 'nats';
import { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_MAX_DELIVER, durableConfig, JetStreamConsumer, UnusableMessage } from '../consumer/jetstream-consumer';
import { traceConsume } from '../event-tracing';
import { isDomainRefusal } from '../rpc/app-error';
import { passTurn, takeTurn } from './event-order';
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
  /** Called once per transaction after the handler ran for its events (a batch's summed writes). */
  flush?: (manager: EntityManager) => Promise<void>;
}

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

  constructor(
    readonly name: string,
    private readonly filters: EventFilter[] | undefined,
  ) {}

  /** Handles one type, or several with one handler (their data is the union of theirs). */
  on<K extends EventType>(types: K | readonly K[], handler: TypedHandler<K>): this {
    for (const type of (Array.isArray(types) ? types : [types]) as K[]) {
      if (!isEventType(type)) throw new Error(`${this.name}: ${type} is not in the event map`);
      if (this.handlers.has(type)) throw new Error(`${this.name}: ${type} has a handler already`);
      if (this.filters && !this.filters.some((f) => matchesFilter(type, f))) throw new Error(`${this.name}: ${type} matches none of its filters ${this.filters.join(', ')}`);
      this.handlers.set(type, handler);
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

  /** Runs the handler of the event's type (none: the event is not this consumer's, nothing to do). */
  handle = async (event: DomainEvent, manager: EntityManager): Promise<void> => {
    const handler = this.handlers.get(event.type);
    if (handler) await handler(event.data as never, manager, event as never);
  };
}

/** Messages an event consumer applies together at most, and by default (#27 item 6). */
export const MAX_BATCH = 16;

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
    const reg: ConsumerRegistration = { ...rest, name, types: [], handle: consumer.handle };
    Object.defineProperty(reg, 'types', { get: () => consumer.subscriptions, enumerable: true });
    this.register(reg);
    return consumer;
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
      { name: reg.name, stream: EVENT_STREAM, durable, filter: eventSubject(type), deliver: reg.deliver, ackWaitMs: reg.ackWaitMs, maxDeliver: reg.maxDeliver, batch },
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
   * Several deliveries in one transaction: each event's inbox row and effects, then `flush`. If
   * anything fails, the transaction is rolled back whole and the shared reader hands each event to
   * handleOne, so a bad event is retried or parked alone and the others still apply.
   */
  private async handleBatch(reg: ConsumerRegistration, msgs: JsMsg[]): Promise<void> {
    const events = msgs.map((msg) => ({ msg, event: this.decode(reg, msg) })).filter((d): d is { msg: JsMsg; event: DomainEvent } => d.event !== null);
    if (events.length === 0) return;
    await this.ds!.transaction(async (m) => {
      for (const { msg, event } of events) {
        // The same event twice in a batch (a repeat) finds its inbox row and applies once.
        await traceConsume(reg.name, msg.headers, event, () => requestContext.run({ requestId: event.requestId ?? event.id }, () => this.handleOnce(reg, event, m)));
      }
      if (reg.flush) await reg.flush(m);
    });
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
      await traceConsume(reg.name, msg.headers, event, () => requestContext.run({ requestId: event.requestId ?? event.id }, () => this.handleOnce(reg, event, undefined, lastDelivery)));
    } catch (e) {
      // Parked in the dead letters now (a refusal, the last delivery): its successors need not wait for it.
      if (reg.ordered && this.ds && (isDomainRefusal(e) || lastDelivery)) {
        await passTurn(this.ds, reg.name, event).catch((err) => this.logger.warn(`${reg.name}: could not pass ${event.aggregate} #${event.seq}: ${(err as Error).message}`));
      }
      throw e;
    }
  }

  /** Runs the handler at most once per (consumer, event id), in its own transaction or in a batch's. Exposed for replay tools and tests. */
  async handleOnce(reg: Pick<ConsumerRegistration, 'name' | 'handle' | 'flush' | 'ordered'>, event: DomainEvent, within?: EntityManager, lastDelivery = false): Promise<boolean> {
    if (!this.ds) {
      // A stateless consumer has nothing to make idempotent.
      await reg.handle(event, undefined as never);
      return true;
    }
    const apply = async (m: EntityManager) => {
      const inserted: unknown[] = await m.query(
        `INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
        [reg.name, event.id],
      );
      if (inserted.length === 0) return false;
      if (reg.ordered) {
        // An early event throws EventOutOfOrder (retried with the backoff) until its last delivery.
        const applied = await takeTurn(m, reg.name, event, !lastDelivery);
        if (applied !== undefined && event.seq! > applied + 1) this.logger.warn(`${reg.name}: ${event.type} ${event.id} applied out of order at its last delivery: ${event.aggregate} #${event.seq} after #${applied}`);
      }
      await reg.handle(event, m);
      // In a batch (`within`), the batch flushes once before its commit.
      if (!within && reg.flush) await reg.flush(m);
      return true;
    };
    return within ? apply(within) : this.ds.transaction(apply);
  }
}

