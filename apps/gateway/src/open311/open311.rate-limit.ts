/**
 * A token bucket per client (API key id) for Open311 POSTs: `burst` at once, refilled at
 * `perMinute`. Per gateway process: with N replicas a client gets at most N× the rate, which is
 * the intent (protect the office from a runaway client), not a billing limit.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
  ) {}

  /** Takes one token; returns the seconds to wait when there is none. */
  take(client: string, now = Date.now()): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const b = this.buckets.get(client) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 60_000) * this.perMinute);
    b.at = now;
    if (this.buckets.size > 10_000 && !this.buckets.has(client)) this.buckets.clear();
    this.buckets.set(client, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.ceil(((1 - b.tokens) / this.perMinute) * 60) };
  }
}

export const OPEN311_POST_LIMIT = { perMinute: 30, burst: 10 };
