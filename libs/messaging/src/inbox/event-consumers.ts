import { Logger } from '@nestjs/common';
import { DomainEvent, EVENT_STREAM, eventSubject } from '@grid122/contracts';
import { Metrics, requestContext } from '@grid122/observability';
import { AckPolicy, ConsumerMessages, DeliverPolicy, JsMsg, JSONCodec, NatsConnection, nanos } from 'nats';
import { DataSource, EntityManager } from 'typeorm';

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
  private readonly running: { messages: ConsumerMessages; loop: Promise<void> }[] = [];
  private started = false;

  constructor(
    private readonly ds: DataSource | undefined,
    private readonly nc: () => NatsConnection,
    private readonly metrics?: Metrics,
  ) {}

  register(reg: ConsumerRegistration): void {
    if (this.started) throw new Error('Register event consumers before the application starts');
    this.registrations.push(reg);
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
    try {
      await jsm.consumers.info(EVENT_STREAM, durable);
    } catch {
      await jsm.consumers.add(EVENT_STREAM, {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: reg.deliver === 'new' ? DeliverPolicy.New : DeliverPolicy.All,
        filter_subject: eventSubject(type),
        ack_wait: nanos(reg.ackWaitMs ?? 30_000),
        max_deliver: -1,
        max_ack_pending: 1000,
      });
    }
    const consumer = await this.nc().jetstream().consumers.get(EVENT_STREAM, durable);
    const messages = await consumer.consume({ max_messages: 100 });
    const loop = (async () => {
      for await (const msg of messages) await this.handleOne(reg, msg);
    })().catch((e) => this.logger.error(`consumer ${durable} stopped: ${(e as Error).message}`));
    this.running.push({ messages, loop });
  }

  private async handleOne(reg: ConsumerRegistration, msg: JsMsg): Promise<void> {
    let event: DomainEvent;
    try {
      event = codec.decode(msg.data);
    } catch {
      this.logger.error(`dropping undecodable message ${msg.subject}#${msg.seq}`);
      msg.term();
      return;
    }
    try {
      await requestContext.run({ requestId: event.requestId ?? event.id }, () => this.handleOnce(reg, event));
      msg.ack();
      this.metrics?.eventsConsumed.inc({ consumer: reg.name, outcome: 'ok' });
    } catch (e) {
      const delay = Math.min(1000 * 2 ** Math.min(msg.info.redeliveryCount, 6), 60_000);
      this.logger.warn(`${reg.name} failed on ${event.type} ${event.id} (retry in ${delay} ms): ${(e as Error).message}`);
      this.metrics?.eventsConsumed.inc({ consumer: reg.name, outcome: 'retry' });
      msg.nak(delay);
    }
  }

  /** Runs the handler at most once per (consumer, event id). Exposed for replay tools and tests. */
  async handleOnce(reg: Pick<ConsumerRegistration, 'name' | 'handle'>, event: DomainEvent): Promise<boolean> {
    if (!this.ds) {
      // A stateless consumer (the gateway's live feed) has nothing to make idempotent.
      await reg.handle(event, undefined as never);
      return true;
    }
    return this.ds.transaction(async (m) => {
      const inserted: unknown[] = await m.query(
        `INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
        [reg.name, event.id],
      );
      if (inserted.length === 0) return false;
      await reg.handle(event, m);
      return true;
    });
  }
}
