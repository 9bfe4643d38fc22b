import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { healthModuleFor, ObservabilityModule } from '@grid122/bootstrap';
import { MessagingModule } from '@grid122/messaging';
import { AccountModule } from './account/account.module';
import { AuditModule } from './audit/audit.module';
import { IdentityEnv, loadIdentityEnv } from './config/identity.env';
import { dataSourceOptions } from './database/data-source';

/**
 * 账号与审计 identity & audit: accounts and the system admin's accounts API, logins, sessions and
 * locks, password hashing; the tamper-evident audit log (安全审计) every audited action of the suite
 * is written to, and the auditor's queries and chain check (docs/security.md).
 */
@Module({})
export class AppModule {
  static forRoot(env: IdentityEnv = loadIdentityEnv()): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        ObservabilityModule.forRoot('identity'),
        TypeOrmModule.forRoot(dataSourceOptions(env)),
        MessagingModule.forRoot({ app: 'identity', natsUrl: env.NATS_URL, rpcTimeoutMs: env.RPC_TIMEOUT_MS, outbox: false, streamReplicas: env.EVENT_STREAM_REPLICAS, streamMaxBytes: env.EVENT_STREAM_MAX_BYTES, actorKeys: env.actorKeys(), natsAuth: env.natsCredentials() }),
        healthModuleFor('identity'),
        AuditModule,
        AccountModule,
      ],
      providers: [{ provide: IdentityEnv, useValue: env }],
      exports: [IdentityEnv],
    };
  }
}
