import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Actor, CommonErrorCode } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { GatewayEnv } from '../config/gateway.env';
import { RATE_LIMIT, RateLimitOptions } from './rate-limit.decorator';
import { RateLimiterRegistry } from './rate-limiter.registry';

/** Global guard for `@RateLimit(...)` routes; runs after the AuthGuard, so the client is known. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiters: RateLimiterRegistry,
    private readonly env: GatewayEnv,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    const opts = this.reflector.getAllAndOverride<RateLimitOptions | undefined>(RATE_LIMIT, [ctx.getHandler(), ctx.getClass()]);
    if (!opts) return true;
    const req = ctx.switchToHttp().getRequest<{ actor?: Actor; ip: string }>();
    const client = opts.by !== 'ip' && req.actor ? `actor:${req.actor.id}` : `ip:${req.ip}`;
    const limit = typeof opts.limit === 'function' ? opts.limit(this.env) : opts.limit;
    const r = this.limiters.get(opts.name, limit, opts.windowSeconds).hit(client);
    const reply = ctx.switchToHttp().getResponse<{ header(k: string, v: string): unknown }>();
    reply.header('x-ratelimit-limit', String(limit));
    reply.header('x-ratelimit-remaining', String(r.remaining));
    if (r.allowed) return true;
    reply.header('retry-after', String(r.retryAfterSeconds));
    throw new AppError(CommonErrorCode.RateLimited, `Too many requests: at most ${limit} per ${opts.windowSeconds} s`, {
      retryAfterSeconds: r.retryAfterSeconds,
    });
  }
}
