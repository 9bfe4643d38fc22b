import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AccountRepository } from '../account/account.repository';
import { AdminBootstrap } from '../account/admin-bootstrap';
import { AuditService } from '../audit/audit.service';
import { GatewayEnv } from '../config/gateway.env';
import { LoginThrottle } from '../security/login-throttle';
import { PasswordHasher } from '../security/password-hasher';
import { RejectedTokenCounter } from '../audit/rejected-token-counter';
import { RateLimits } from '../security/rate-limits';
import { AuthGuard } from './auth.guard';
import { AuthHttpController } from './auth.http-controller';
import { AuthService } from './auth.service';
import { SessionRepository } from './session.repository';

const controllers = [AuthHttpController];
const services = [AuthService, AuditService, AdminBootstrap, RateLimits, LoginThrottle, PasswordHasher, RejectedTokenCounter];
const repositories = [AccountRepository, SessionRepository];

@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [GatewayEnv],
      useFactory: (env: GatewayEnv) => ({ secret: env.jwtSecret(), signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } }),
    }),
  ],
  controllers,
  providers: [...services, ...repositories, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [...services, ...repositories],
})
export class AuthModule {}
