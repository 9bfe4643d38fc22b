import { Injectable } from '@nestjs/common';
import { GatewayEnv } from '../config/gateway.env';
import { RateLimits, rateLimited } from './rate-limits';

const BUDGET = 'login-failures';

/**
 * Per-IP login throttling (登录限制), on top of the per-account lockout kept in Postgres: one
 * address that keeps failing — password spraying over many names, which no single account's
 * counter sees — is refused with 429 for the rest of the window, even with a right password.
 * Counted in the shared store (every gateway replica sees the same failures).
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly limits: RateLimits,
    private readonly env: GatewayEnv,
  ) {}

  /** Throws RATE_LIMITED when the address has used up its failures. */
  async assertAllowed(ip: string | undefined): Promise<void> {
    const s = await this.limits.blocked(BUDGET, `ip:${ip ?? 'unknown'}`, this.env.LOGIN_IP_MAX_FAILURES);
    if (s.blocked) throw rateLimited('Too many failed logins from this address: try again later', s.retryAfterSeconds);
  }

  async recordFailure(ip: string | undefined): Promise<void> {
    await this.limits.hit(BUDGET, `ip:${ip ?? 'unknown'}`, this.env.LOGIN_IP_MAX_FAILURES, this.env.LOGIN_IP_WINDOW_SECONDS);
  }
}
