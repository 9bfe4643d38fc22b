import { SetMetadata } from '@nestjs/common';
import type { GatewayEnv } from '../config/gateway.env';

export const RATE_LIMIT = 'grid122:rate-limit';

export interface RateLimitOptions {
  /** The bucket's name: routes with the same name share one budget per client. */
  name: string;
  /** Requests allowed per window per client: a number, or read from the validated config. */
  limit: number | ((env: GatewayEnv) => number);
  windowSeconds: number;
  /**
   * Who is a client: `client` = the authenticated account or API key, falling back to the IP for
   * public routes (Open311 POST without a key); `ip` = always the address.
   */
  by?: 'client' | 'ip';
}

/**
 * Limits a route (or a controller) per client: 429 `RATE_LIMITED` with `Retry-After` beyond it.
 * Enforced by the global RateLimitGuard of the SecurityModule (after authentication).
 * Example (Open311): 
 * `@RateLimit({ name: 'open311-post', limit: (env) => env.OPEN311_RATE_LIMIT_PER_MINUTE, windowSeconds: 60 })`.
 */
export const RateLimit = (options: RateLimitOptions) => SetMetadata(RATE_LIMIT, options);
