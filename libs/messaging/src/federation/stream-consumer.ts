import { Logger } from '@nestjs/common';
import { traceConsume } from '../event-tracing';
import { AckPolicy, ConsumerMessages, DeliverPolicy, JsMsg, NatsConnection, nanos } from 'nats';

export interface StreamConsumerOptions {
  stream: string;
  /** the durable's name: replicas of a service share it, so each message goes to one of them */
  durable: string;
  filter?: string;
  /** Handles one message; throwing naks it for a redelivery with backoff. Make it idempotent. */
  handle: (msg: JsMsg) => Promise<void>;
  ackWaitMs?: number;
}

/**
 * A durable pull consumer on any stream (EventConsumers is bound to GRID122_EVENTS): the
 * federation's district read model and a street's task intake. Messages are handled one at a
 * time in stream order; the handler owns idempotency (an inbox row or an idempotency key).
 */
export class StreamConsumer {
  private readonly logger = new Logger(StreamConsumer.name);
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly nc: () => NatsConnection,
    private readonly opts: StreamConsumerOptions,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    const { stream, durable } = this.opts;
    const jsm = await this.nc().jetstreamManager();
    try {
      await jsm.consumers.info(stream, durable);
    } catch {
      try {
        await jsm.consumers.add(stream, {
          durable_name: durable,
          ack_policy: AckPolicy.Explicit,
          deliver_policy: DeliverPolicy.All,
          ...(this.opts.filter ? { filter_subject: this.opts.filter } : {}),
          ack_wait: nanos(this.opts.ackWaitMs ?? 30_000),
          max_deliver: -1,
          max_ack_pending: 1000,
        });
      } catch (e) {
        if (!/already in use|exists/i.test(String((e as Error).message))) throw e;
      }
    }
    const consumer = await this.nc().jetstream().consumers.get(stream, durable);
    this.messages = await consumer.consume({ max_messages: 100 });
    const messages = this.messages;
    this.loop = (async () => {
      for await (const msg of messages) await this.handleOne(msg);
    })().catch((e) => this.logger.error(`consumer ${durable} on ${stream} stopped: ${(e as Error).message}`));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.messages?.stop();
    await this.loop?.catch(() => undefined);
  }

  private async handleOne(msg: JsMsg): Promise<void> {
    if (this.stopped) return;
    try {
      await traceConsume(this.opts.durable, msg.headers, { id: String(msg.seq), type: msg.subject }, () => this.opts.handle(msg));
      msg.ack();
    } catch (e) {
      const delay = Math.min(1000 * 2 ** Math.min(msg.info.redeliveryCount - 1, 6), 60_000);
      this.logger.warn(`${this.opts.durable} failed on ${msg.subject}#${msg.seq} (retry in ${delay} ms): ${(e as Error).message}`);
      msg.nak(delay);
    }
  }
}
