import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccountSecurityHttpController } from '../account/account-security.http-controller';
import { AccountSecurityService } from '../account/account-security.service';
import { AccountsHttpController } from '../account/accounts.http-controller';
import { AccountsService } from '../account/accounts.service';
import { AuditHttpController } from '../audit/audit.http-controller';
import { InputSanityGuard } from './input-sanity.guard';
import { RateLimitGuard } from './rate-limit.guard';

/**
 * Security capabilities (等保三级): the auditor's routes (answered by the identity service), the security admin's desk, the system admin's accounts API, and the
 * `@RateLimit` guard (registered after the AuthGuard, so limits are per authenticated client).
 * The limiter registry and the login throttle live in the AuthModule, which is global.
 */
const controllers = [AuditHttpController, AccountSecurityHttpController, AccountsHttpController];
const services = [AccountSecurityService, AccountsService];

@Module({
  controllers,
  providers: [...services, { provide: APP_GUARD, useClass: RateLimitGuard }, { provide: APP_GUARD, useClass: InputSanityGuard }],
})
export class SecurityModule {}
