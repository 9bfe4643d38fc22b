import { DynamicModule, Module } from '@nestjs/common';
import { serviceModule } from '@grid122/bootstrap';
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
    return serviceModule(AppModule, { app: 'identity', env, envClass: IdentityEnv, dataSource: dataSourceOptions(env), capabilities: [AuditModule, AccountModule], outbox: false });
  }
}
