import { Injectable } from '@nestjs/common';
import { CommonErrorCode } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { GatewayEnv } from '../config/gateway.env';
import { RateLimiterRegistry } from './rate-limiter.registry';

/**
 * Per-IP login throttling (登录限制), on top of the per-account lockout kept in Postgres: one
 * address that keeps failing — password spraying over many names, which no single account's
 * counter sees — is refused with 429 for the rest of the window, even with a right password.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    private readonly limiters: RateLimiterRegistry,
    private readonly env: GatewayEnv,
  ) {}

  private get limiter() {
    return this.limiters.get('login-failures-per-ip', this.env.LOGIN_IP_MAX_FAILURES, this.env.LOGIN_IP_WINDOW_SECONDS);
  }

  /** Throws RATE_LIMITED when the address has used up its failures. */
  assertAllowed(ip: string | undefined): void {
    const s = this.limiter.blocked(`ip:${ip ?? 'unknown'}`);
    if (s.blocked) {
      throw new AppError(CommonErrorCode.RateLimited, 'Too many failed logins from this address: try again later', { retryAfterSeconds: s.retryAfterSeconds });
    }
  }

  recordFailure(ip: string | undefined): void {
    this.limiter.hit(`ip:${ip ?? 'unknown'}`);
  }
}
