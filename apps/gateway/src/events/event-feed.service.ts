import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Actor, ConsumerHealth, DomainEvent, EVENT_STREAM, HotspotEvents, inAudience, Role, UNIT_CASE_EVENTS } from '@grid122/contracts';
import { JetStreamConsumer, NatsHolder, traceConsume } from '@grid122/messaging';
import { tracingEnabled } from '@grid122/observability';
import { isWithinScope } from '@grid122/access';
import { JsMsg, JSONCodec } from 'nats';

const codec = JSONCodec<DomainEvent>();

/** One event as the feed holds it: the JetStream stream sequence is the SSE id. */
export interface FeedEvent {
  seq: number;
  event: DomainEvent;
}

/** What a subscriber is told; the controller turns it into SSE frames. */
export interface FeedSink {
  actor: Actor;
  /** Writes an SSE frame; false when the client's socket buffer is over its bound (slow client). */
  write(frame: string): boolean;
  close(): void;
}

/** The reconnect delay a live-feed client is given when its gateway shuts down. */
export const FEED_RECONNECT_AFTER_SHUTDOWN_MS = 1000;

export const FEED_LIMITS = {
  /**
   * Events kept in memory for Last-Event-ID resume without touching JetStream (a brief drop of a
   * wall screen's connection); an older id replays from JetStream. ~3 KB of heap an event: 10,000
   * held ~31 MB of the gateway's heap at full scale, 2,000 hold ~6 MB (docs/performance.md, memory).
   */
  ringSize: 2_000,
  /** A resume older than the ring replays at most this many events from JetStream. */
  maxCatchUp: 5_000,
  /** Subscribers per gateway process (2,000 planned; room above it). */
  maxSubscribers: 5_000,
  /** Bytes queued on one client's socket before it is dropped (never buffer without bound). */
  maxBufferedBytes: 1_048_576,
  heartbeatMs: 15_000,
  /** At most one `hub` event per subscriber in this window. */
  hubThrottleMs: 2_000,
};

/** The SSE event name of a domain event, or null when the feed does not carry it. */
export function feedEventName(type: string): 'incident' | 'unit' | 'alert' | null {
  if (type.startsWith('office.incident.')) return 'incident';
  if (ALERT_EVENT_TYPES.has(type)) return 'alert';
  if (UNIT_EVENT_TYPES.has(type)) return 'unit';
  return null;
}
/** Spikes and recurrences (issue 26): an `alert` on the wall and the board. */
const ALERT_EVENT_TYPES = new Set<string>(Object.values(HotspotEvents));
const UNIT_EVENT_TYPES = new Set<string>(Object.values(UNIT_CASE_EVENTS).flatMap((e) => Object.values(e)));
/**
 * Who sees an event on the feed, by the audience its producer stamped (the producer owns the
 * rule: the office names an incident's unit, lead, assists and departments; a unit's service its
 * own unit): the place inside the actor's scope, and then a department's liaison only what names
 * their department, a unit member only what names their unit.
 */
export function mayReceive(actor: Actor, event: DomainEvent): boolean {
  const path = event.audience?.gridPath ?? event.gridPath;
  if (actor.role !== Role.Admin && !path) return false;
  return isWithinScope(path ?? '', actor.scope) && inAudience(actor, event.audience);
}

/** What leaves the gateway: the event without the escalation dossier (names of reporters). */
function publicEvent(event: DomainEvent): DomainEvent {
  const data = event.data as Record<string, unknown> | null;
  if (data && typeof data === 'object' && 'escalation' in data) {
    const { escalation: _omit, ...rest } = data;
    return { ...event, data: rest };
  }
  return event;
}

export function sseFrame(name: string, data: unknown, id?: number): string {
  return `${id !== undefined ? `id: ${id}\n` : ''}event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

interface Subscriber {
  sink: FeedSink;
  /** Live events arriving while a resume is replaying wait here. */
  pending: FeedEvent[] | null;
  lastSeq: number;
  hubDueAt: number;
  hubTimer?: NodeJS.Timeout;
}

type Listener = (e: FeedEvent) => void;

/**
 * The live feed of one gateway process: ONE ordered reader of the event stream (the shared
 * JetStreamConsumer, starting at "new", restarted if it fails), fanned out in memory to every SSE
 * subscriber. The SSE id is the stream sequence, so any replica can resume any client: from a
 * bounded ring buffer, or, for an older Last-Event-ID, from a short-lived ordered read started at
 * that sequence (bounded). Stateless across replicas.
 */
@Injectable()
export class EventFeed implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(EventFeed.name);
  private readonly ring: FeedEvent[] = [];
  /** Frames already serialised, per event (weakly held: they go with the ring). */
  private readonly frames = new WeakMap<FeedEvent, string>();
  private readonly subscribers = new Set<Subscriber>();
  private readonly listeners = new Set<Listener>();
  private live?: JetStreamConsumer;
  private heartbeat?: NodeJS.Timeout;
  dropped = 0;

  constructor(private readonly nats: NatsHolder) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.startLive();
    this.heartbeat = setInterval(() => this.beat(), FEED_LIMITS.heartbeatMs);
    this.heartbeat.unref();
  }

  /**
   * Before the HTTP server stops (it would wait on these open streams): each live-feed client is
   * told to reconnect soon (`retry:`; its Last-Event-ID resumes it on another replica) and closed.
   */
  beforeApplicationShutdown(): void {
    for (const s of this.subscribers) {
      s.sink.write(`retry: ${FEED_RECONNECT_AFTER_SHUTDOWN_MS}\n: this gateway is restarting: reconnect\n\n`);
      this.remove(s, true);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.heartbeat);
    await this.live?.stop();
    for (const s of this.subscribers) this.remove(s, true);
  }

  /** In-process listeners (the hub cache) see every event, not only the feed's types. */
  onEvent(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  isFull(): boolean {
    return this.subscribers.size >= FEED_LIMITS.maxSubscribers;
  }

  /** Adds a subscriber; with `lastEventId` it first replays what it missed, then goes live. */
  async subscribe(sink: FeedSink, lastEventId: number | null): Promise<() => void> {
    const sub: Subscriber = { sink, pending: lastEventId !== null ? [] : null, lastSeq: lastEventId ?? 0, hubDueAt: 0 };
    this.subscribers.add(sub);
    const unsubscribe = () => this.remove(sub, false);
    if (lastEventId === null) return unsubscribe;
    try {
      await this.replay(sub, lastEventId);
    } catch (e) {
      this.logger.warn(`resume from ${lastEventId} failed: ${(e as Error).message}`);
    }
    const queued = sub.pending ?? [];
    sub.pending = null;
    for (const fe of queued) this.deliver(sub, fe);
    return unsubscribe;
  }

  private async replay(sub: Subscriber, lastEventId: number): Promise<void> {
    const oldest = this.ring[0]?.seq;
    if (oldest === undefined || lastEventId < oldest - 1) {
      // Older than the ring (or nothing since boot): a bounded, short-lived ordered consumer.
      const upTo = oldest !== undefined ? oldest - 1 : Number.MAX_SAFE_INTEGER;
      await this.catchUp(sub, lastEventId + 1, upTo);
    }
    for (const fe of this.ring) if (fe.seq > sub.lastSeq) this.deliver(sub, fe, true);
  }

  private async catchUp(sub: Subscriber, fromSeq: number, upTo: number): Promise<void> {
    const info = await (await this.nats.get().jetstreamManager()).streams.info(EVENT_STREAM);
    const last = Math.min(info.state.last_seq, upTo);
    if (last < fromSeq) return;
    const start = Math.max(fromSeq, info.state.first_seq, last - FEED_LIMITS.maxCatchUp + 1);
    // A bounded, short-lived ordered read on the shared reader: up to `last`, at most 10 s.
    const reader = new JetStreamConsumer(
      () => this.nats.get(),
      { name: 'gateway-feed-catch-up', stream: EVENT_STREAM, deliver: { startSeq: start }, buffer: 500, until: (msg) => msg.seq >= last || msg.info.pending === 0 || !this.subscribers.has(sub) },
      {
        one: async (msg) => {
          const fe = decode(msg);
          if (fe) this.deliver(sub, fe, true);
        },
      },
    );
    await reader.start();
    const timer = setTimeout(() => void reader.stop(), 10_000);
    try {
      await reader.done();
    } finally {
      clearTimeout(timer);
      await reader.stop();
    }
  }

  private async startLive(): Promise<void> {
    this.live = new JetStreamConsumer(
      () => this.nats.get(),
      { name: 'gateway-live-feed', stream: EVENT_STREAM, deliver: 'new', buffer: 1000, restart: true },
      {
        one: async (msg) => {
          const fe = decode(msg);
          if (!fe) return;
          // Traced: the feed's fan-out continues the event's trace (docs/operations.md, "Traces").
          if (tracingEnabled()) await traceConsume('live-feed', msg.headers, fe.event, async () => this.publish(fe));
          else this.publish(fe);
        },
      },
    );
    await this.live.start();
  }

  /** The live reader's state and lag, for the gateway's /health. */
  async health(): Promise<ConsumerHealth | undefined> {
    return this.live?.health();
  }

  /** Fans one event out: ring, listeners, subscribers (feed types) and `hub` nudges. Exposed for tests. */
  publish(fe: FeedEvent): void {
    this.ring.push(fe);
    if (this.ring.length > FEED_LIMITS.ringSize) this.ring.splice(0, this.ring.length - FEED_LIMITS.ringSize);
    for (const l of this.listeners) {
      try {
        l(fe);
      } catch (e) {
        this.logger.warn(`listener failed: ${(e as Error).message}`);
      }
    }
    for (const sub of this.subscribers) {
      if (sub.pending) sub.pending.push(fe);
      else this.deliver(sub, fe);
    }
  }

  private deliver(sub: Subscriber, fe: FeedEvent, replaying = false): void {
    if (fe.seq <= sub.lastSeq) return;
    sub.lastSeq = fe.seq;
    const name = feedEventName(fe.event.type);
    if (name && mayReceive(sub.sink.actor, fe.event)) {
      if (!sub.sink.write(this.frameOf(fe, name))) return this.drop(sub);
    }
    if (!replaying && fe.event.gridPath && isWithinScope(fe.event.gridPath, sub.sink.actor.scope)) this.nudgeHub(sub, fe.event);
  }

  /** The event's SSE frame, serialised once however many subscribers receive it. */
  private frameOf(fe: FeedEvent, name: string): string {
    let frame = this.frames.get(fe);
    if (frame === undefined) this.frames.set(fe, (frame = sseFrame(name, publicEvent(fe.event), fe.seq)));
    return frame;
  }

  /** A figure in the subscriber's scope may have changed: tell it, at most once per window. */
  private nudgeHub(sub: Subscriber, event: DomainEvent): void {
    if (sub.hubTimer) return;
    const wait = Math.max(0, sub.hubDueAt - Date.now());
    sub.hubTimer = setTimeout(() => {
      sub.hubTimer = undefined;
      sub.hubDueAt = Date.now() + FEED_LIMITS.hubThrottleMs;
      if (!this.subscribers.has(sub)) return;
      if (!sub.sink.write(sseFrame('hub', { at: new Date().toISOString(), source: event.source, type: event.type, gridPath: event.gridPath }))) this.drop(sub);
    }, wait);
    sub.hubTimer.unref?.();
  }

  private beat(): void {
    for (const sub of this.subscribers) if (!sub.sink.write(`: heartbeat ${Date.now()}\n\n`)) this.drop(sub);
  }

  private drop(sub: Subscriber): void {
    this.dropped++;
    this.logger.warn(`dropping slow SSE client ${sub.sink.actor.username}`);
    this.remove(sub, true);
  }

  private remove(sub: Subscriber, close: boolean): void {
    if (!this.subscribers.delete(sub)) return;
    clearTimeout(sub.hubTimer);
    if (close) sub.sink.close();
  }
}

function decode(msg: JsMsg): FeedEvent | null {
  try {
    return { seq: msg.seq, event: codec.decode(msg.data) };
  } catch {
    return null;
  }
}
