import {
  BeforeApplicationShutdown,
  DynamicModule,
  Global,
  Inject,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
  Optional,
} from '@nestjs/common';
import { AppName, SCHEMA } from '@grid122/contracts';
import { Metrics } from '@grid122/observability';
import { DataSource } from 'typeorm';
import { EventConsumers } from './inbox/event-consumers';
import { ensureEventStream, ensurePhotoBucket } from './jetstream';
import { NatsHolder } from './nats.holder';
import { OutboxRelay } from './outbox/outbox.relay';
import { AudienceRule, OutboxWriter } from './outbox/outbox.writer';
import { ActorKeys, ActorSigner } from './rpc/actor-signature';
import { RpcClient } from './rpc/rpc-client';

export interface MessagingOptions {
  app: AppName;
  natsUrl: string;
  rpcTimeoutMs: number;
  /** Services relay their outbox; the gateway has none. */
  outbox: boolean;
  /** JetStream replicas of the event and dead-letter streams (and the photo bucket), reconciled at start. */
  streamReplicas?: number;
  /** Size limit of the event stream in bytes (0: none), reconciled at start. */
  streamMaxBytes?: number;
  /** Declares and reconciles the photo bucket (the gateway and the office): its size limit in bytes, 0 for none. */
  photoBucket?: { maxBytes: number };
  /** The key that signs and verifies the caller (`x-actor`) of every request (BaseEnv.actorKeys()). */
  actorKeys: ActorKeys;
  /** This app's audience rule: the units and departments each event it writes concerns (OutboxWriter). */
  audience?: AudienceRule;
  /** This app's NATS user and password (BaseEnv.natsCredentials()); none when the server has no authorization. */
  natsAuth?: { user?: string; password: string };
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

@Global()
@Module({})
export class MessagingModule implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly nats: NatsHolder,
    private readonly consumers: EventConsumers,
    @Optional() private readonly relay?: OutboxRelay,
  ) {}

  static forRoot(options: MessagingOptions): DynamicModule {
    const schema = SCHEMA[options.app];
    const providers = [
      { provide: MESSAGING_OPTIONS, useValue: options },
      { provide: NatsHolder, useFactory: () => new NatsHolder(options.natsUrl, options.app, options.natsAuth) },
      { provide: ActorSigner, useValue: new ActorSigner(options.actorKeys) },
      { provide: RpcClient, inject: [NatsHolder, ActorSigner], useFactory: (h: NatsHolder, s: ActorSigner) => new RpcClient(() => h.get(), options.rpcTimeoutMs, s) },
      { provide: OutboxWriter, useValue: new OutboxWriter(options.app, schema, options.audience) },
      {
        provide: EventConsumers,
        inject: [NatsHolder, Metrics, { token: DataSource, optional: true }],
        useFactory: (h: NatsHolder, m: Metrics, ds?: DataSource) => new EventConsumers(options.outbox ? ds : undefined, () => h.get(), m),
      },
      ...(options.outbox
        ? [
            {
              provide: OutboxRelay,
              inject: [DataSource, NatsHolder, Metrics],
              useFactory: (ds: DataSource, h: NatsHolder, m: Metrics) =>
                new OutboxRelay(ds, () => h.get(), schema, m),
            },
          ]
        : []),
    ];
    return { module: MessagingModule, providers, exports: providers.map((p) => p.provide) };
  }

  async onModuleInit() {
    const nc = await this.nats.connect();
    await ensureEventStream(nc, { replicas: this.options.streamReplicas, maxBytes: this.options.streamMaxBytes });
    if (this.options.photoBucket) await ensurePhotoBucket(nc, { replicas: this.options.streamReplicas, maxBytes: this.options.photoBucket.maxBytes });
  }

  async onApplicationBootstrap() {
    await this.relay?.start();
    await this.consumers.start();
  }

  /**
   * SIGTERM, first: take no more events (the one in hand finishes and is acknowledged) and publish
   * what the outbox holds. Rows that the last requests write during the NATS server's grace period
   * are flushed again below while the database is still open, else relayed by another replica's
   * poll (any replica relays any row) or at the next start.
   */
  async beforeApplicationShutdown() {
    await this.consumers.stop();
    await this.relay?.stopAndFlush();
  }

  async onApplicationShutdown() {
    await this.relay?.stopAndFlush(2000);
    await this.nats.close();
  }
}
