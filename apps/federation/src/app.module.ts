import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { healthModuleFor, ObservabilityModule } from '@grid122/bootstrap';
import { MessagingModule } from '@grid122/messaging';
import { FederationEnv, loadFederationEnv } from './config/federation.env';
import { dataSourceOptions } from './database/data-source';
import { FederationModule } from './federation/federation.module';

/**
 * 区级平台 federation (street → district → city, docs/federation.md): on a district (or city) the
 * read model of the level below, built from the sourced stream, and the hand-down of tasks and
 * decisions; on a street it holds nothing and answers 404.
 */
@Module({})
export class AppModule {
  static forRoot(env: FederationEnv = loadFederationEnv()): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        ObservabilityModule.forRoot('federation'),
        TypeOrmModule.forRoot(dataSourceOptions(env)),
        MessagingModule.forRoot({ app: 'federation', natsUrl: env.NATS_URL, rpcTimeoutMs: env.RPC_TIMEOUT_MS, outbox: false, streamReplicas: env.EVENT_STREAM_REPLICAS, streamMaxBytes: env.EVENT_STREAM_MAX_BYTES, actorKeys: env.actorKeys(), natsAuth: env.natsCredentials() }),
        healthModuleFor('federation'),
        FederationModule,
      ],
      providers: [{ provide: FederationEnv, useValue: env }],
      exports: [FederationEnv],
    };
  }
}
