import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Actor } from '@grid122/contracts';
import { GatewayEnv } from '../config/gateway.env';
import { RATE_LIMIT, RateLimitOptions } from './rate-limit.decorator';
import { RateLimits } from './rate-limits';

/** Global guard for `@RateLimit(...)` routes; runs after the AuthGuard, so the client is known. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: RateLimits,
    private readonly env: GatewayEnv,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const opts = this.reflector.getAllAndOverride<RateLimitOptions | undefined>(RATE_LIMIT, [ctx.getHandler(), ctx.getClass()]);
    if (!opts) return true;
    const req = ctx.switchToHttp().getRequest<{ actor?: Actor; ip: string }>();
    const client = opts.by !== 'ip' && req.actor ? `actor:${req.actor.id}` : `ip:${req.ip}`;
    const limit = typeof opts.limit === 'function' ? opts.limit(this.env) : opts.limit;
    const reply = ctx.switchToHttp().getResponse<{ header(k: string, v: string): unknown }>();
    const r = await this.limits.take(opts.name, client, limit, opts.windowSeconds, 'Too many requests');
    reply.header('x-ratelimit-limit', String(limit));
    reply.header('x-ratelimit-remaining', String(r.remaining));
    return true;
  }
}
