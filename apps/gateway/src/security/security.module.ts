import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccountSecurityHttpController, AccountsHttpController } from '../account/accounts.http-controller';
import { AuditHttpController } from '../audit/audit.http-controller';
import { InputSanityGuard } from './input-sanity.guard';
import { RateLimitGuard } from './rate-limit.guard';

/**
 * Security capabilities (等保三级): the auditor's routes, the security admin's desk and the system admin's accounts API (answered by the identity service), and the
 * `@RateLimit` guard (registered after the AuthGuard, so limits are per authenticated client).
 * The limiter registry and the login throttle live in the AuthModule, which is global.
 */
const controllers = [AuditHttpController, AccountSecurityHttpController, AccountsHttpController];

@Module({
  controllers,
  providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }, { provide: APP_GUARD, useClass: InputSanityGuard }],
})
export class SecurityModule {}
