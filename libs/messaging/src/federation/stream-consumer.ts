import { JsMsg, NatsConnection } from 'nats';
import { JetStreamConsumer } from '../consumer/jetstream-consumer';
import { traceConsume } from '../event-tracing';

export interface StreamConsumerOptions {
  stream: string;
  /** the durable's name: replicas of a service share it, so each message goes to one of them */
  durable: string;
  filter?: string;
  /** Handles one message; throwing naks it for a redelivery with backoff. Make it idempotent. */
  handle: (msg: JsMsg) => Promise<void>;
  ackWaitMs?: number;
  /** Deliveries before a failing message is given up (-1, the default here: retried for ever, as a district's read model must not miss a street's event). */
  maxDeliver?: number;
}

/**
 * A durable consumer on any stream (the event consumers are bound to GRID122_EVENTS): the
 * federation's district read model and a street's task intake. Runs on the shared reader
 * (JetStreamConsumer: its config reconciled at start, backoff, in-progress acks while a message
 * is in hand); messages are handled one at a time in stream order; the handler owns idempotency
 * (an inbox row or an idempotency key).
 */
export class StreamConsumer {
  private readonly reader: JetStreamConsumer;

  constructor(nc: () => NatsConnection, opts: StreamConsumerOptions) {
    this.reader = new JetStreamConsumer(
      nc,
      { name: opts.durable, stream: opts.stream, durable: opts.durable, filter: opts.filter, ackWaitMs: opts.ackWaitMs, maxDeliver: opts.maxDeliver ?? -1, maxRetryDelayMs: 60_000, buffer: 100 },
      { one: (msg) => traceConsume(opts.durable, msg.headers, { id: String(msg.seq), type: msg.subject }, () => opts.handle(msg)) },
    );
  }

  start(): Promise<void> {
    return this.reader.start();
  }

  stop(): Promise<void> {
    return this.reader.stop();
  }

  health() {
    return this.reader.health();
  }
}
