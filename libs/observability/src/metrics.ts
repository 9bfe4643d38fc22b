import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** One Prometheus registry per process, with the default Node metrics and the suite's own. */
export class Metrics {
  readonly registry = new Registry();
  readonly rpcDuration: Histogram<'subject' | 'outcome'>;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly eventsPublished: Counter<'type'>;
  readonly eventsConsumed: Counter<'consumer' | 'outcome'>;
  readonly consumerTransactions: Counter<'consumer'>;
  readonly outboxOldestAge: Gauge;
  readonly outboxUnpublished: Gauge;
  readonly outboxParked: Gauge;
  readonly outboxFailures: Counter;
  readonly actorRejected: Counter<'subject' | 'reason'>;
  readonly payloadChecks: Counter<'outcome'>;

  constructor(app: string) {
    this.registry.setDefaultLabels({ app });
    collectDefaultMetrics({ register: this.registry });
    this.rpcDuration = new Histogram({
      name: 'grid122_rpc_duration_seconds',
      help: 'NATS request/reply handling time',
      labelNames: ['subject', 'outcome'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    this.httpDuration = new Histogram({
      name: 'grid122_http_duration_seconds',
      help: 'HTTP request time',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    this.eventsPublished = new Counter({
      name: 'grid122_events_published_total',
      help: 'Domain events relayed from the outbox to JetStream',
      labelNames: ['type'],
      registers: [this.registry],
    });
    this.outboxOldestAge = new Gauge({
      name: 'grid122_outbox_oldest_unpublished_age_seconds',
      help: 'Age of the oldest outbox row waiting to be published (parked rows excluded); 0 when none',
      registers: [this.registry],
    });
    this.outboxUnpublished = new Gauge({
      name: 'grid122_outbox_unpublished',
      help: 'Outbox rows waiting to be published (parked rows excluded)',
      registers: [this.registry],
    });
    this.outboxParked = new Gauge({
      name: 'grid122_outbox_parked',
      help: 'Outbox rows parked after their last attempt (they wait for an operator)',
      registers: [this.registry],
    });
    this.outboxFailures = new Counter({
      name: 'grid122_outbox_publish_failures_total',
      help: 'Outbox rows whose publish failed (each attempt)',
      registers: [this.registry],
    });
    this.eventsConsumed = new Counter({
      name: 'grid122_events_consumed_total',
      help: 'Domain events handled by a durable consumer',
      labelNames: ['consumer', 'outcome'],
      registers: [this.registry],
    });
    this.consumerTransactions = new Counter({
      name: 'grid122_consumer_transactions_total',
      help: 'Transactions an event consumer committed (a batch or one event each): events consumed per transaction is the batch size',
      labelNames: ['consumer'],
      registers: [this.registry],
    });
    this.actorRejected = new Counter({
      name: 'grid122_rpc_actor_rejected_total',
      help: 'NATS requests refused because their signed caller was missing, forged or expired',
      labelNames: ['subject', 'reason'],
      registers: [this.registry],
    });
    this.payloadChecks = new Counter({
      name: 'grid122_rpc_payload_checks_total',
      help: 'Payloads of NATS requests by how the validation pipe took them: validated, or trusted (the gateway validated these bytes with the same rules)',
      labelNames: ['outcome'],
      registers: [this.registry],
    });
  }
}
