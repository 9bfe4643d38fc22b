import { Logger } from '@nestjs/common';
import { ConsumerHealth, DomainEvent, EVENT_STREAM, EventData, EventFilter, eventSubject, EventType, isEventType, matchesFilter, TypedEvent } from '@grid122/contracts';
import { Metrics, requestContext } from '@grid122/observability';
import { AckPolicy, ConsumerConfig, ConsumerMessages, DeliverPolicy, JsMsg, JSONCodec, NatsConnection, nanos } from 'nats';
import { DataSource, EntityManager } from 'typeorm';
import { isDomainRefusal } from '../rpc/app-error';
import { configDrift } from '../jetstream';
import { traceConsume } from '../event-tracing';
import { DeadLetters, REPLAY_FOR_HEADER } from './dead-letters';

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
  /** Deliveries before a failing event goes to the dead letters (default 8, about 20 minutes of backoff). */
  maxDeliver?: number;
  /**
   * Apply up to this many deliveries that are already at hand in one transaction (default 1: one
   * transaction per event). Only for handlers that write through the given manager alone. The
   * inbox's guarantees are the same: each event's inbox row and effects commit together; when a
   * batch fails, nothing of it is kept and its events are applied one by one (retries, refusals
   * and dead letters per event, as without batching).
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

export const DEFAULT_ACK_WAIT_MS = 30_000;
export const DEFAULT_MAX_DELIVER = 8;
/** A consumer with work and no progress for this long is reported `stalled` by /health. */
export const STALL_MS = 60_000;


/** Messages a consumer holds at once: few, so none waits out its ack wait in the client's buffer. */
const BATCH = 16;

/** Delay before the n-th redelivery (n ≥ 1) of a failed event: 1 s, 2 s, 4 s … at most 5 minutes. */
export function retryDelayMs(deliveries: number): number {
  return Math.min(1000 * 2 ** Math.max(deliveries - 1, 0), 300_000);
}

/** The durable's configuration, declared here and reconciled with the server's at every start. */
export function consumerConfig(reg: Pick<ConsumerRegistration, 'deliver' | 'ackWaitMs' | 'maxDeliver'>, durable: string, type: string): Partial<ConsumerConfig> {
  const ackWait = reg.ackWaitMs ?? DEFAULT_ACK_WAIT_MS;
  const maxDeliver = reg.maxDeliver ?? DEFAULT_MAX_DELIVER;
  return {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: reg.deliver === 'new' ? DeliverPolicy.New : DeliverPolicy.All,
    filter_subject: eventSubject(type),
    // A delivery no one acknowledged (a crashed replica) comes back after the ack wait, then later and later.
    ack_wait: nanos(ackWait),
    backoff: Array.from({ length: Math.max(Math.min(maxDeliver - 1, 6), 0) }, (_, i) => nanos(ackWait * 2 ** i)),
    max_deliver: maxDeliver,
    max_ack_pending: 1000,
  };
}

interface Running {
  durable: string;
  name: string;
  messages: ConsumerMessages;
  loop: Promise<void>;
  stopped: boolean;
  /** When a delivery last arrived or was settled. */
  lastActivity: number;
  /** When the handler in progress started (0 when idle). */
  busySince: number;
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
  private readonly running: Running[] = [];
  private started = false;
  private readonly deadLetters: DeadLetters;

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

  async start(): Promise<void> {
    this.started = true;
    for (const reg of this.registrations) {
      for (const type of reg.types) await this.startOne(reg, type);
    }
  }

  async stop(): Promise<void> {
    for (const r of this.running) r.messages.stop();
    await Promise.allSettled(this.running.map((r) => r.loop));
    this.running.length = 0;
  }

  private async startOne(reg: ConsumerRegistration, type: string): Promise<void> {
    const durable = `${reg.name}__${type}`.replace(/[.*>\s]/g, '_');
    const jsm = await this.nc().jetstreamManager();
    const config = consumerConfig(reg, durable, type);
    let existing;
    try {
      existing = await jsm.consumers.info(EVENT_STREAM, durable);
    } catch {
      existing = undefined;
    }
    if (!existing) {
      await jsm.consumers.add(EVENT_STREAM, config);
    } else {
      // Where a brand-new durable starts cannot change; everything else follows the declaration.
      const { deliver_policy: _start, ...updatable } = config;
      const drift = configDrift(updatable, existing.config as ConsumerConfig);
      if (drift.length > 0) {
        await jsm.consumers.update(EVENT_STREAM, durable, { ...existing.config, ...updatable } as never);
        this.logger.log(`consumer ${durable} updated (${drift.join(', ')})`);
      }
    }
    const consumer = await this.nc().jetstream().consumers.get(EVENT_STREAM, durable);
    const messages = await consumer.consume({ max_messages: BATCH });
    const entry: Running = { durable, name: reg.name, messages, loop: Promise.resolve(), stopped: false, lastActivity: Date.now(), busySince: 0 };
    entry.loop = (async () => {
      const batch = Math.max(1, Math.min(reg.batch ?? 1, BATCH));
      for await (const msgs of atHand(messages, batch)) {
        entry.lastActivity = entry.busySince = Date.now();
        if (msgs.length === 1) await this.handleOne(reg, msgs[0]);
        else await this.handleBatch(reg, msgs);
        entry.lastActivity = Date.now();
        entry.busySince = 0;
      }
    })()
      .catch((e) => this.logger.error(`consumer ${durable} stopped: ${(e as Error).message}`))
      .finally(() => {
        entry.stopped = true;
      });
    this.running.push(entry);
  }

  /** Each durable's lag and state, for /health. */
  async health(): Promise<Record<string, ConsumerHealth>> {
    if (this.running.length === 0) return {};
    const jsm = await this.nc().jetstreamManager({ checkAPI: false });
    const now = Date.now();
    const rows = await Promise.all(
      this.running.map(async (r): Promise<[string, ConsumerHealth]> => {
        const info = await jsm.consumers.info(EVENT_STREAM, r.durable).catch(() => undefined);
        if (!info) return [r.durable, { consumer: r.name, state: 'missing', pending: 0, ackPending: 0, redelivered: 0 }];
        const stalled = (r.busySince > 0 && now - r.busySince > STALL_MS) || (r.busySince === 0 && info.num_pending > 0 && now - r.lastActivity > STALL_MS);
        return [
          r.durable,
          {
            consumer: r.name,
            state: r.stopped ? 'stopped' : stalled ? 'stalled' : 'running',
            pending: info.num_pending,
            ackPending: info.num_ack_pending,
            redelivered: info.num_redelivered,
          },
        ];
      }),
    );
    return Object.fromEntries(rows);
  }

  /**
   * Several deliveries in one transaction: each event's inbox row and effects, then `flush`. If
   * anything fails, the transaction is rolled back whole and each event is handled on its own
   * (handleOne), so a bad event is retried or parked alone and the others still apply.
   */
  private async handleBatch(reg: ConsumerRegistration, msgs: JsMsg[]): Promise<void> {
    const decoded: { msg: JsMsg; event: DomainEvent }[] = [];
    for (const msg of msgs) {
      const event = await this.decode(reg, msg);
      if (event) decoded.push({ msg, event });
    }
    if (decoded.length === 0) return;
    if (!this.ds || decoded.length === 1) {
      for (const d of decoded) await this.handleOne(reg, d.msg, d.event);
      return;
    }
    const ackWait = reg.ackWaitMs ?? DEFAULT_ACK_WAIT_MS;
    const heartbeat = setInterval(() => decoded.forEach((d) => d.msg.working()), Math.max(ackWait / 3, 500));
    let applied = false;
    try {
      await this.ds.transaction(async (m) => {
        for (const { msg, event } of decoded) {
          // The same event twice in a batch (a repeat) finds its inbox row and applies once.
          await traceConsume(reg.name, msg.headers, event, () => requestContext.run({ requestId: event.requestId ?? event.id }, () => this.handleOnce(reg, event, m)));
        }
        if (reg.flush) await reg.flush(m);
      });
      applied = true;
    } catch (e) {
      this.logger.debug(`${reg.name}: a batch of ${decoded.length} failed (${(e as Error).message}); applying its events one by one`);
    } finally {
      clearInterval(heartbeat);
    }
    if (!applied) {
      for (const d of decoded) await this.handleOne(reg, d.msg, d.event);
      return;
    }
    for (const d of decoded) d.msg.ack();
    this.metrics?.eventsConsumed.inc({ consumer: reg.name, outcome: 'ok' }, decoded.length);
  }

  /** The delivery's event, or undefined when it was settled here (a replay for another consumer, undecodable). */
  private async decode(reg: ConsumerRegistration, msg: JsMsg): Promise<DomainEvent | undefined> {
    const replayFor = msg.headers?.get(REPLAY_FOR_HEADER);
    if (replayFor && replayFor !== reg.name) {
      // A dead letter replayed for another consumer.
      msg.ack();
      return undefined;
    }
    try {
      const event = codec.decode(msg.data);
      if (!event || typeof event.id !== 'string' || typeof event.type !== 'string') throw new Error('not a domain event');
      return event;
    } catch (e) {
      await this.deadLetter(reg, msg, undefined, `undecodable: ${(e as Error).message}`, 'UNDECODABLE');
      return undefined;
    }
  }

  private async handleOne(reg: ConsumerRegistration, msg: JsMsg, decoded?: DomainEvent): Promise<void> {
    const event = decoded ?? (await this.decode(reg, msg));
    if (!event) return;
    // A slow handler tells JetStream it is still at work, so the delivery is not handed to another replica.
    const ackWait = reg.ackWaitMs ?? DEFAULT_ACK_WAIT_MS;
    const heartbeat = setInterval(() => msg.working(), Math.max(ackWait / 3, 500));
    try {
      await traceConsume(reg.name, msg.headers, event, () => requestContext.run({ requestId: event.requestId ?? event.id }, () => this.handleOnce(reg, event)));
      msg.ack();
      this.metrics?.eventsConsumed.inc({ consumer: reg.name, outcome: 'ok' });
    } catch (e) {
      const message = (e as Error).message;
      const deliveries = msg.info.redeliveryCount;
      if (isDomainRefusal(e)) {
        // The same event would be refused again: record why and move on.
        await this.deadLetter(reg, msg, event, message, e.code, 'refused');
      } else if (deliveries >= (reg.maxDeliver ?? DEFAULT_MAX_DELIVER)) {
        await this.deadLetter(reg, msg, event, `gave up after ${deliveries} deliveries: ${message}`, 'MAX_DELIVERIES', 'dead_letter');
      } else {
        const delay = retryDelayMs(deliveries);
        this.logger.warn(`${reg.name} failed on ${event.type} ${event.id} (delivery ${deliveries}, retry in ${delay} ms): ${message}`);
        this.metrics?.eventsConsumed.inc({ consumer: reg.name, outcome: 'retry' });
        msg.nak(delay);
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Parks a delivery in the dead-letter stream and acknowledges it; if even that fails, it is redelivered later. */
  private async deadLetter(reg: ConsumerRegistration, msg: JsMsg, event: DomainEvent | undefined, reason: string, code: string, outcome = 'dead_letter'): Promise<void> {
    try {
      await this.deadLetters.add({ consumer: reg.name, msg, eventId: event?.id, eventType: event?.type, reason, code });
    } catch (e) {
      this.logger.warn(`${reg.name}: could not park ${msg.subject}#${msg.seq} in the dead letters (${(e as Error).message}); retrying later`);
      msg.nak(retryDelayMs(msg.info.redeliveryCount));
      return;
    }
    this.logger.warn(`${reg.name} ${outcome === 'refused' ? 'refused' : 'dead-lettered'} ${event ? `${event.type} ${event.id}` : `${msg.subject}#${msg.seq}`} [${code}]: ${reason}`);
    this.metrics?.eventsConsumed.inc({ consumer: reg.name, outcome });
    msg.term();
  }

  /** Runs the handler at most once per (consumer, event id), in its own transaction or in a batch's. Exposed for replay tools and tests. */
  async handleOnce(reg: Pick<ConsumerRegistration, 'name' | 'handle' | 'flush'>, event: DomainEvent, within?: EntityManager): Promise<boolean> {
    if (!this.ds) {
      // A stateless consumer (the gateway's live feed) has nothing to make idempotent.
      await reg.handle(event, undefined as never);
      return true;
    }
    const apply = async (m: EntityManager) => {
      const inserted: unknown[] = await m.query(
        `INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
        [reg.name, event.id],
      );
      if (inserted.length === 0) return false;
      await reg.handle(event, m);
      // In a batch (`within`), the batch flushes once before its commit.
      if (!within && reg.flush) await reg.flush(m);
      return true;
    };
    return within ? apply(within) : this.ds.transaction(apply);
  }
}

/**
 * The deliveries at hand, up to `max` at a time: waits for the first, then takes the ones already
 * in the client's buffer (no waiting for more), so a batch never delays an event.
 */
export async function* atHand<T>(source: AsyncIterable<T>, max: number): AsyncGenerator<T[]> {
  const it = source[Symbol.asyncIterator]();
  const TICK = Symbol('tick');
  let next = it.next();
  while (true) {
    const first = await next;
    if (first.done) return;
    const batch = [first.value];
    next = it.next();
    let done = false;
    while (batch.length < max) {
      const tick = new Promise<typeof TICK>((resolve) => setImmediate(() => resolve(TICK)));
      const r = await Promise.race([next, tick]);
      if (r === TICK) break;
      if (r.done) {
        done = true;
        break;
      }
      batch.push(r.value);
      next = it.next();
    }
    yield batch;
    if (done) return;
  }
}
