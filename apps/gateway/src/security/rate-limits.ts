import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import fastifyRateLimit from '@fastify/rate-limit';
import { DataSource } from 'typeorm';
import { CommonErrorCode } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { GatewayEnv } from '../config/gateway.env';
import { peekRateLimit, postgresRateLimitStore, sweepRateLimits } from './rate-limit.store';

export interface RateLimitAnswer {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window ends (the `Retry-After` of a 429). */
  retryAfterSeconds: number;
}

type Limiter = (req: { routeOptions: object; rateLimitKey: string }) => Promise<{ isAllowed: boolean; max?: number; remaining?: number; ttlInSeconds?: number; isExceeded?: boolean }>;

/**
 * The gateway's one rate limiter (限流): `@fastify/rate-limit` over a store in Postgres
 * (`gateway.rate_limits`), so every replica counts into the same window per client. A budget is a
 * name (`open311-post`, `anonymous`, `login` …) with a limit per window; a client is an API key,
 * an account or an address. Used by the `@RateLimit` guard, the Open311 controller (which knows
 * the key only after reading the body) and the login throttle.
 */
@Injectable()
export class RateLimits implements OnModuleInit, OnModuleDestroy {
  private readonly limiters = new Map<string, Limiter>();
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly host: HttpAdapterHost,
    private readonly ds: DataSource,
    private readonly env: GatewayEnv,
  ) {}

  /** Registers the plugin on the gateway's Fastify (no global hook: budgets are asked for by name). */
  static async register(fastify: FastifyInstance, ds: DataSource): Promise<void> {
    if (fastify.hasDecorator('createRateLimit')) return;
    await fastify.register(fastifyRateLimit, { global: false, store: postgresRateLimitStore(ds) as never });
  }

  onModuleInit(): void {
    this.sweeper = setInterval(() => void sweepRateLimits(this.ds).catch(() => undefined), 60_000);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }

  /** Counts one request of `client` against the budget. */
  async hit(budget: string, client: string, limit: number, windowSeconds: number): Promise<RateLimitAnswer> {
    const r = await this.limiter(budget, limit, windowSeconds)({ routeOptions: {}, rateLimitKey: client });
    return {
      allowed: !r.isExceeded,
      limit,
      remaining: r.remaining ?? limit,
      retryAfterSeconds: Math.max(1, r.ttlInSeconds ?? windowSeconds),
    };
  }

  /** Counts one request and throws 429 `RATE_LIMITED` (details.retryAfterSeconds → `Retry-After`) beyond the limit. */
  async take(budget: string, client: string, limit: number, windowSeconds: number, message: string): Promise<RateLimitAnswer> {
    const r = await this.hit(budget, client, limit, windowSeconds);
    if (!r.allowed) throw rateLimited(`${message}: at most ${limit} per ${windowSeconds} s, retry in ${r.retryAfterSeconds} s`, r.retryAfterSeconds);
    return r;
  }

  /**
   * A caller without a valid credential (Open311's keyless reads, a refused API key) counted per
   * address into the one `anonymous` budget (ANONYMOUS_RATE_LIMIT_PER_MINUTE): 429 beyond it.
   */
  anonymous(ip: string): Promise<RateLimitAnswer> {
    return this.take('anonymous', `ip:${ip}`, this.env.ANONYMOUS_RATE_LIMIT_PER_MINUTE, 60, 'Too many requests from this address');
  }

  /** 429 if the address has used up its `anonymous` budget, without counting (before an unknown API key is looked up). */
  async assertAnonymousLeft(ip: string): Promise<void> {
    const limit = this.env.ANONYMOUS_RATE_LIMIT_PER_MINUTE;
    const b = await this.blocked('anonymous', `ip:${ip}`, limit);
    if (b.blocked) throw rateLimited(`Too many requests from this address: at most ${limit} per 60 s, retry in ${b.retryAfterSeconds} s`, b.retryAfterSeconds);
  }

  /** Whether the client has used up the budget, without counting (login failures are counted only when they happen). */
  async blocked(budget: string, client: string, limit: number): Promise<{ blocked: boolean; retryAfterSeconds: number }> {
    const w = await peekRateLimit(this.ds, budget, client);
    return { blocked: w.hits >= limit, retryAfterSeconds: Math.max(1, Math.ceil(w.ttl / 1000)) };
  }

  private limiter(budget: string, limit: number, windowSeconds: number): Limiter {
    const id = `${budget}/${limit}/${windowSeconds}`;
    let l = this.limiters.get(id);
    if (!l) {
      const fastify = this.host.httpAdapter.getInstance() as { createRateLimit?: (o: object) => Limiter };
      if (!fastify.createRateLimit) throw new Error('@fastify/rate-limit is not registered on this gateway (RateLimits.register)');
      l = fastify.createRateLimit({ budget, max: limit, timeWindow: windowSeconds * 1000, keyGenerator: (req: { rateLimitKey: string }) => req.rateLimitKey });
      this.limiters.set(id, l);
    }
    return l;
  }
}

export function rateLimited(message: string, retryAfterSeconds: number): AppError {
  return new AppError(CommonErrorCode.RateLimited, message, { retryAfterSeconds });
}
