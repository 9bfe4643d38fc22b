/**
 * A fixed-window counter per key (client id or IP), in memory. Bounded: when the table is full the
 * expired windows are swept, then the oldest keys are dropped, so a flood of distinct keys cannot
 * exhaust memory. One replica counts its own traffic: behind N replicas the effective limit is up
 * to N times the configured one (documented in docs/security.md); account lockout, which must be
 * exact, lives in Postgres instead.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly maxKeys = 50_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one hit; `allowed` false once the key is over the limit in the current window. */
  hit(key: string): { allowed: boolean; remaining: number; retryAfterSeconds: number } {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t - w.start >= this.windowMs) {
      if (!w && this.windows.size >= this.maxKeys) this.evict(t);
      w = { start: t, count: 0 };
      this.windows.delete(key); // re-insert so Map order stays oldest-first
      this.windows.set(key, w);
    }
    w.count += 1;
    const retryAfterSeconds = Math.max(1, Math.ceil((w.start + this.windowMs - t) / 1000));
    return { allowed: w.count <= this.limit, remaining: Math.max(0, this.limit - w.count), retryAfterSeconds };
  }

  /** Whether the key is over the limit now, without counting a hit. */
  blocked(key: string): { blocked: boolean; retryAfterSeconds: number } {
    const t = this.now();
    const w = this.windows.get(key);
    if (!w || t - w.start >= this.windowMs) return { blocked: false, retryAfterSeconds: 0 };
    return { blocked: w.count >= this.limit, retryAfterSeconds: Math.max(1, Math.ceil((w.start + this.windowMs - t) / 1000)) };
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  get size(): number {
    return this.windows.size;
  }

  private evict(t: number): void {
    for (const [k, w] of this.windows) if (t - w.start >= this.windowMs) this.windows.delete(k);
    while (this.windows.size >= this.maxKeys) {
      const oldest = this.windows.keys().next().value;
      if (oldest === undefined) break;
      this.windows.delete(oldest);
    }
  }
}
