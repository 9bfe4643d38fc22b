import { Logger } from '@nestjs/common';
import { ConsumerHealth } from '@grid122/contracts';
import { Metrics } from '@grid122/observability';
import { AckPolicy, ConsumerConfig, ConsumerMessages, DeliverPolicy, JsMsg, NatsConnection, nanos } from 'nats';
import { isDomainRefusal } from '../rpc/app-error';
import { configDrift } from '../jetstream';
import { DeadLetters } from '../inbox/dead-letters';

export const DEFAULT_ACK_WAIT_MS = 30_000;
export const DEFAULT_MAX_DELIVER = 8;
/** A consumer with work and no progress for this long is reported `stalled` by /health. */
export const STALL_MS = 60_000;
/** Messages a durable holds at once: few, so none waits out its ack wait in the client's buffer. */
export const DURABLE_BUFFER = 16;

/** Delay before the n-th redelivery (n ≥ 1) of a failed message: 1 s, 3 s, 9 s … at most 5 minutes. */
export function retryDelayMs(deliveries: number): number {
  // 1 s, 3 s, 9 s, 27 s, 81 s, 243 s, then 5 min: the default 8 deliveries span ~11 minutes, so a
  // database restart or a short outage is ridden out before anything reaches the dead letters.
  return Math.min(1000 * 3 ** Math.max(deliveries - 1, 0), 300_000);
}

/** Thrown by a handler for a message that can never be handled (undecodable …): parked at once, never retried. */
export class UnusableMessage extends Error {
  constructor(
    message: string,
    readonly code = 'UNDECODABLE',
  ) {
    super(message);
  }
}

export interface JetStreamConsumerOptions {
  /** For logs, metrics and dead letters (the inbox key of an event consumer). */
  name: string;
  stream: string;
  /**
   * The durable, shared by a service's replicas (each message to one of them), acknowledged after
   * it was handled. Without one: an ordered consumer of this process alone, never acknowledged
   * (the live feed, a catch-up read); a failing handler is logged and the reader moves on.
   */
  durable?: string;
  filter?: string;
  /** Where a new consumer starts: all history (default), new messages only, or a stream sequence. */
  deliver?: 'all' | 'new' | { startSeq: number };
  /** How long a delivery may stay unacknowledged before it is redelivered (a crashed replica). */
  ackWaitMs?: number;
  /** Deliveries before a failing message goes to the dead letters (default 8, ~11 minutes of backoff); -1: retried for ever. */
  maxDeliver?: number;
  /** The longest wait before a retry (default 5 minutes). */
  maxRetryDelayMs?: number;
  /** Apply up to this many messages already at hand together (`MessageHandler.many`), default 1. */
  batch?: number;
  /**
   * With `batch`: after the first message, how long to wait for more before applying what is at
   * hand (default 0: never wait). A few milliseconds of latency buy batches under a steady trickle.
   */
  lingerMs?: number;
  /** Messages the client holds (default 16 for a durable, 1,000 for an ordered reader). */
  buffer?: number;
  /** An ordered reader that fails (a lost connection) starts again after a second. */
  restart?: boolean;
  /** An ordered reader stops after the message for which this is true (a bounded read). */
  until?: (msg: JsMsg) => boolean;
}

export interface MessageHandler {
  /** One message. Resolves: acknowledged. Throws: retried with backoff, or parked (a refusal, UnusableMessage, the last delivery). */
  one(msg: JsMsg): Promise<void>;
  /** Several messages, all or nothing. Resolves: all acknowledged. Throws: each goes to `one`. */
  many?(msgs: JsMsg[]): Promise<void>;
  /**
   * The order to handle messages at hand in (together, and one by one if that fails); default as
   * delivered. An ordered event consumer puts each aggregate's events in their numbers' order.
   */
  arrange?(msgs: JsMsg[]): JsMsg[];
  /** The event a message carries, for logs and dead letters, when known. */
  describe?(msg: JsMsg): { eventId?: string; eventType?: string } | undefined;
}

/** The durable's configuration, declared here and reconciled with the server's at every start. */
export function durableConfig(o: Pick<JetStreamConsumerOptions, 'durable' | 'filter' | 'deliver' | 'ackWaitMs' | 'maxDeliver'>): Partial<ConsumerConfig> {
  const ackWait = o.ackWaitMs ?? DEFAULT_ACK_WAIT_MS;
  const maxDeliver = o.maxDeliver ?? DEFAULT_MAX_DELIVER;
  return {
    durable_name: o.durable,
    ack_policy: AckPolicy.Explicit,
    ...startOf(o.deliver),
    ...(o.filter ? { filter_subject: o.filter } : {}),
    // A delivery no one acknowledged (a crashed replica) comes back after the ack wait. No server-side
    // `backoff` list: nats-server 2.9 then ignores the delay of a nak and waits its own step (a 2 s
    // retry came 32 s later), so retries are timed by the nak's own delay (retryDelayMs: 1 s, 3 s, 9 s …).
    ack_wait: nanos(ackWait),
    max_deliver: maxDeliver,
    max_ack_pending: 1000,
  };
}

function startOf(deliver: JetStreamConsumerOptions['deliver']): Partial<ConsumerConfig> {
  if (deliver === 'new') return { deliver_policy: DeliverPolicy.New };
  if (deliver && typeof deliver === 'object') return { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: deliver.startSeq };
  return { deliver_policy: DeliverPolicy.All };
}

/**
 * The one JetStream reader of grid122: the event consumers with their inbox, the gateway's live
 * feed and its catch-up reads, the federation's streams all run on it. A durable's configuration
 * is reconciled with the declaration at start; deliveries are finite (retries with backoff, then
 * the dead letters; a domain refusal or an unusable message parked at once); a slow handler tells
 * JetStream it is still at work (in-progress acks), so the delivery is not handed to another
 * replica; messages already at hand may be applied together; /health reads its lag and state.
 */
export class JetStreamConsumer {
  private readonly logger: Logger;
  private messages?: ConsumerMessages;
  private loop: Promise<void> = Promise.resolve();
  private stopping = false;
  private stopped = false;
  /** When a delivery last arrived or was settled. */
  private lastActivity = Date.now();
  /** When the handler in progress started (0 when idle). */
  private busySince = 0;
  /** Messages left in the stream after the last one read (an ordered reader's lag). */
  private pendingAfterLast = 0;

  constructor(
    private readonly nc: () => NatsConnection,
    readonly options: JetStreamConsumerOptions,
    private readonly handler: MessageHandler,
    private readonly deps: { deadLetters?: DeadLetters; metrics?: Metrics } = {},
  ) {
    this.logger = new Logger(options.durable ? `JetStreamConsumer ${options.durable}` : `JetStreamConsumer ${options.name}`);
  }

  get durable(): string | undefined {
    return this.options.durable;
  }

  /** Creates or reconciles the durable, then reads in the background until `stop()`. */
  async start(): Promise<void> {
    this.stopping = false;
    this.stopped = false;
    const { stream, durable } = this.options;
    const js = this.nc().jetstream();
    let consumer;
    if (durable) {
      await this.reconcile();
      consumer = await js.consumers.get(stream, durable);
    } else {
      const start = startOf(this.options.deliver);
      consumer = await js.consumers.get(stream, {
        // One subject as a string: an array is sent as filter_subjects, which nats-server 2.9 does not know.
        ...(this.options.filter ? { filterSubjects: this.options.filter } : {}),
        deliver_policy: start.deliver_policy,
        ...(start.opt_start_seq !== undefined ? { opt_start_seq: start.opt_start_seq } : {}),
      });
    }
    const messages = await consumer.consume({ max_messages: this.options.buffer ?? (durable ? DURABLE_BUFFER : 1000) });
    this.messages = messages;
    this.lastActivity = Date.now();
    this.loop = this.read(messages)
      .catch((e) => {
        if (this.stopping) return;
        this.logger.error(`${this.options.name} stopped: ${(e as Error).message}`);
        if (this.options.restart) {
          setTimeout(() => {
            if (!this.stopping) void this.start().catch((err) => this.logger.warn(`${this.options.name} could not restart: ${(err as Error).message}`));
          }, 1000).unref();
        }
      })
      .finally(() => {
        if (this.messages === messages) this.stopped = true;
      });
  }

  /** Stops reading; resolves when the message in hand is settled. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.messages?.stop();
    await this.loop.catch(() => undefined);
  }

  /** Resolves when the reader has ended (a bounded read's `until`, `stop()`). */
  done(): Promise<void> {
    return this.loop;
  }

  /** The durable's lag and state (an ordered reader's from what it read), for /health. */
  async health(): Promise<ConsumerHealth> {
    const now = Date.now();
    let pending = this.pendingAfterLast;
    let ackPending = 0;
    let redelivered = 0;
    if (this.options.durable) {
      const jsm = await this.nc().jetstreamManager({ checkAPI: false });
      const info = await jsm.consumers.info(this.options.stream, this.options.durable).catch(() => undefined);
      if (!info) return { consumer: this.options.name, state: 'missing', pending: 0, ackPending: 0, redelivered: 0 };
      ({ num_pending: pending, num_ack_pending: ackPending, num_redelivered: redelivered } = info);
    }
    const stalled = (this.busySince > 0 && now - this.busySince > STALL_MS) || (this.busySince === 0 && pending > 0 && now - this.lastActivity > STALL_MS);
    return { consumer: this.options.name, state: this.stopped ? 'stopped' : stalled ? 'stalled' : 'running', pending, ackPending, redelivered };
  }

  private async reconcile(): Promise<void> {
    const { stream, durable } = this.options;
    const jsm = await this.nc().jetstreamManager();
    const config = durableConfig(this.options);
    let existing;
    try {
      existing = await jsm.consumers.info(stream, durable!);
    } catch {
      existing = undefined;
    }
    if (!existing) {
      try {
        await jsm.consumers.add(stream, config);
        return;
      } catch (e) {
        // A replica created it between our two calls.
        if (!/already in use|exists/i.test(String((e as Error).message))) throw e;
        existing = await jsm.consumers.info(stream, durable!);
      }
    }
    // Where a brand-new durable starts cannot change; everything else follows the declaration.
    const { deliver_policy: _start, opt_start_seq: _seq, ...updatable } = config;
    const drift = configDrift(updatable, existing.config as ConsumerConfig);
    // A durable declared before retries were timed by the nak carries a backoff list: dropped.
    const { backoff: oldBackoff, ...kept } = existing.config as ConsumerConfig;
    if (oldBackoff && oldBackoff.length > 0) drift.push('backoff');
    if (drift.length > 0) {
      // (an empty list, not an absent one: the client merges the update into the server's config)
      await jsm.consumers.update(stream, durable!, { ...kept, ...updatable, ...(oldBackoff?.length ? { backoff: [] } : {}) } as never);
      this.logger.log(`consumer ${durable} updated (${drift.join(', ')})`);
    }
  }

  private async read(messages: ConsumerMessages): Promise<void> {
    const acked = !!this.options.durable;
    const batch = Math.max(1, Math.min(this.options.batch ?? 1, this.options.buffer ?? DURABLE_BUFFER));
    for await (const msgs of atHand(messages, acked && this.handler.many ? batch : 1, this.options.lingerMs ?? 0)) {
      this.lastActivity = this.busySince = Date.now();
      if (!acked) {
        for (const msg of msgs) await this.readOne(msg);
      } else if (msgs.length === 1 || !this.handler.many) {
        for (const msg of msgs) await this.settleOne(msg);
      } else {
        await this.settleMany(msgs);
      }
      this.lastActivity = Date.now();
      this.busySince = 0;
      const last = msgs[msgs.length - 1];
      this.pendingAfterLast = last.info.pending;
      if (this.options.until?.(last)) {
        this.stopping = true;
        messages.stop();
      }
    }
  }

  /** An ordered reader's message: handled, nothing to settle; a failure is logged. */
  private async readOne(msg: JsMsg): Promise<void> {
    try {
      await this.handler.one(msg);
    } catch (e) {
      this.logger.warn(`${this.options.name} could not handle ${msg.subject}#${msg.seq}: ${(e as Error).message}`);
    }
  }

  /** Keeps JetStream from redelivering what is still in hand (a slow handler is not a crashed replica). */
  private heartbeat(msgs: JsMsg[]): NodeJS.Timeout {
    const ackWait = this.options.ackWaitMs ?? DEFAULT_ACK_WAIT_MS;
    return setInterval(() => msgs.forEach((m) => m.working()), Math.max(ackWait / 3, 500));
  }

  private async settleMany(delivered: JsMsg[]): Promise<void> {
    const msgs = this.handler.arrange ? this.handler.arrange(delivered) : delivered;
    const beat = this.heartbeat(msgs);
    let applied = false;
    try {
      await this.handler.many!(msgs);
      applied = true;
    } catch (e) {
      this.logger.debug(`${this.options.name}: a batch of ${msgs.length} failed (${(e as Error).message}); handling its messages one by one`);
    } finally {
      clearInterval(beat);
    }
    if (!applied) {
      for (const msg of msgs) await this.settleOne(msg);
      return;
    }
    for (const msg of msgs) msg.ack();
    this.deps.metrics?.eventsConsumed.inc({ consumer: this.options.name, outcome: 'ok' }, msgs.length);
  }

  private async settleOne(msg: JsMsg): Promise<void> {
    const beat = this.heartbeat([msg]);
    try {
      await this.handler.one(msg);
      msg.ack();
      this.deps.metrics?.eventsConsumed.inc({ consumer: this.options.name, outcome: 'ok' });
    } catch (e) {
      const message = (e as Error).message;
      const deliveries = msg.info.redeliveryCount;
      const maxDeliver = this.options.maxDeliver ?? DEFAULT_MAX_DELIVER;
      if (e instanceof UnusableMessage) {
        await this.deadLetter(msg, message, e.code);
      } else if (isDomainRefusal(e)) {
        // The same message would be refused again: record why and move on.
        await this.deadLetter(msg, message, e.code, 'refused');
      } else if (maxDeliver > 0 && deliveries >= maxDeliver) {
        await this.deadLetter(msg, `gave up after ${deliveries} deliveries: ${message}`, 'MAX_DELIVERIES');
      } else {
        const delay = Math.min(retryDelayMs(deliveries), this.options.maxRetryDelayMs ?? Infinity);
        this.logger.warn(`${this.options.name} failed on ${this.label(msg)} (delivery ${deliveries}, retry in ${delay} ms): ${message}`);
        this.deps.metrics?.eventsConsumed.inc({ consumer: this.options.name, outcome: 'retry' });
        msg.nak(delay);
      }
    } finally {
      clearInterval(beat);
    }
  }

  private label(msg: JsMsg): string {
    const d = this.describe(msg);
    return d?.eventId ? `${d.eventType} ${d.eventId}` : `${msg.subject}#${msg.seq}`;
  }

  private describe(msg: JsMsg) {
    try {
      return this.handler.describe?.(msg);
    } catch {
      return undefined;
    }
  }

  /** Parks a delivery in the dead-letter stream and acknowledges it; if even that fails (or there is none), it is redelivered later. */
  private async deadLetter(msg: JsMsg, reason: string, code: string, outcome = 'dead_letter'): Promise<void> {
    const d = this.describe(msg);
    try {
      if (!this.deps.deadLetters) throw new Error('no dead-letter stream');
      await this.deps.deadLetters.add({ consumer: this.options.name, msg, eventId: d?.eventId, eventType: d?.eventType, reason, code });
    } catch (e) {
      this.logger.warn(`${this.options.name}: could not park ${msg.subject}#${msg.seq} in the dead letters (${(e as Error).message}); retrying later`);
      msg.nak(retryDelayMs(msg.info.redeliveryCount));
      return;
    }
    this.logger.warn(`${this.options.name} ${outcome === 'refused' ? 'refused' : 'dead-lettered'} ${this.label(msg)} [${code}]: ${reason}`);
    this.deps.metrics?.eventsConsumed.inc({ consumer: this.options.name, outcome });
    msg.term();
  }
}

/**
 * The deliveries at hand, up to `max` at a time: waits for the first, then takes the ones already
 * in the client's buffer and, for `lingerMs` after the first, those that arrive meanwhile; a batch
 * is never held longer than that for a message (not at all by default).
 */
export async function* atHand<T>(source: AsyncIterable<T>, max: number, lingerMs = 0): AsyncGenerator<T[]> {
  const it = source[Symbol.asyncIterator]();
  const TICK = Symbol('tick');
  let next = it.next();
  while (true) {
    const first = await next;
    if (first.done) return;
    const batch = [first.value];
    next = it.next();
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    // The linger's end, once for the batch; after it (or without one) only what is already there joins.
    const lingered = max > 1 && lingerMs > 0 ? new Promise<typeof TICK>((resolve) => (timer = setTimeout(() => resolve(TICK), lingerMs))) : undefined;
    let over = !lingered;
    while (batch.length < max) {
      const tick = over ? new Promise<typeof TICK>((resolve) => setImmediate(() => resolve(TICK))) : lingered!;
      const r = await Promise.race([next, tick]);
      if (r === TICK) {
        if (over) break;
        over = true;
        continue;
      }
      if (r.done) {
        done = true;
        break;
      }
      batch.push(r.value);
      next = it.next();
    }
    clearTimeout(timer);
    yield batch;
    if (done) return;
  }
}
