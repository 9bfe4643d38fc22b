import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AuditService } from '../audit/audit.service';
import { GatewayEnv } from '../config/gateway.env';
import { LoginThrottle } from '../security/login-throttle';
import { RejectedTokenCounter } from '../audit/rejected-token-counter';
import { RateLimits } from '../security/rate-limits';
import { AuthGuard } from './auth.guard';
import { AuthHttpController } from './auth.http-controller';
import { AuthService } from './auth.service';

const controllers = [AuthHttpController];
const services = [AuthService, AuditService, RateLimits, LoginThrottle, RejectedTokenCounter];

@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [GatewayEnv],
      useFactory: (env: GatewayEnv) => ({ secret: env.jwtSecret(), signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } }),
    }),
  ],
  controllers,
  providers: [...services, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: services,
})
export class AuthModule {}
