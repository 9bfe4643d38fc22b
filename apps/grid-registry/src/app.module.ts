import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { healthModuleFor, ObservabilityModule } from '@grid122/bootstrap';
import { MessagingModule } from '@grid122/messaging';
import { GridRegistryEnv, loadGridRegistryEnv } from './config/grid-registry.env';
import { dataSourceOptions } from './database/data-source';

/** Capability modules of the grid-registry service, as a table of contents. */
const capabilities: DynamicModule['imports'] = [];

/** 基层组织建设组 grassroots-organisation group: the grid tree and the people responsible. */
@Module({})
export class AppModule {
  static forRoot(env: GridRegistryEnv = loadGridRegistryEnv()): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        ObservabilityModule.forRoot('grid-registry'),
        TypeOrmModule.forRoot(dataSourceOptions(env)),
        MessagingModule.forRoot({ app: 'grid-registry', natsUrl: env.NATS_URL, databaseUrl: env.DATABASE_URL, rpcTimeoutMs: env.RPC_TIMEOUT_MS, outbox: true }),
        healthModuleFor('grid-registry'),
        ...(capabilities ?? []),
      ],
      providers: [{ provide: GridRegistryEnv, useValue: env }],
      exports: [GridRegistryEnv],
    };
  }
}
