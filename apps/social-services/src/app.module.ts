import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { healthModuleFor, ObservabilityModule } from '@grid122/bootstrap';
import { MessagingModule } from '@grid122/messaging';
import { SocialServicesEnv, loadSocialServicesEnv } from './config/social-services.env';
import { dataSourceOptions } from './database/data-source';

/** Capability modules of the social-services service, as a table of contents. */
const capabilities: DynamicModule['imports'] = [];

/** 社会服务队 social services team. */
@Module({})
export class AppModule {
  static forRoot(env: SocialServicesEnv = loadSocialServicesEnv()): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        ObservabilityModule.forRoot('social-services'),
        TypeOrmModule.forRoot(dataSourceOptions(env)),
        MessagingModule.forRoot({ app: 'social-services', natsUrl: env.NATS_URL, databaseUrl: env.DATABASE_URL, rpcTimeoutMs: env.RPC_TIMEOUT_MS, outbox: true }),
        healthModuleFor('social-services'),
        ...(capabilities ?? []),
      ],
      providers: [{ provide: SocialServicesEnv, useValue: env }],
      exports: [SocialServicesEnv],
    };
  }
}
