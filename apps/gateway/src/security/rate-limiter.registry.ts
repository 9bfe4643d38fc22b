import { Injectable } from '@nestjs/common';
import { RateLimiter } from './rate-limiter';

/** One limiter per named budget, created on first use (shared by the guard and by services). */
@Injectable()
export class RateLimiterRegistry {
  private readonly limiters = new Map<string, RateLimiter>();

  get(name: string, limit: number, windowSeconds: number): RateLimiter {
    let l = this.limiters.get(name);
    if (!l) {
      l = new RateLimiter(limit, windowSeconds * 1000);
      this.limiters.set(name, l);
    }
    return l;
  }
}
