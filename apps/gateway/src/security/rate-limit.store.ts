import type { DataSource } from 'typeorm';

/**
 * The shared store behind `@fastify/rate-limit` (限流): one fixed window per key in
 * `gateway.rate_limits` (UNLOGGED: a crash forgets the windows, which only resets the limits), so
 * every gateway replica counts into the same window. One statement per request: the upsert opens a
 * window or counts into the open one and answers the count and the milliseconds left.
 *
 * Implements the plugin's store interface (`incr(key, cb, timeWindow, max)`, `child(params)`); the
 * plugin constructs it (`new Store(params)`), hence a class made per DataSource.
 */
export interface RateLimitStoreClass {
  new (params?: { budget?: string }): RateLimitStore;
}
export interface RateLimitStore {
  incr(key: string, cb: (err: Error | null, res?: { current: number; ttl: number }) => void, timeWindow: number, max: number): void;
  child(params: { budget?: string }): RateLimitStore;
}

const INCR = `
  INSERT INTO gateway.rate_limits AS r (key, hits, resets_at)
  VALUES ($1, 1, clock_timestamp() + $2 * interval '1 millisecond')
  ON CONFLICT (key) DO UPDATE SET
    hits = CASE WHEN r.resets_at <= clock_timestamp() THEN 1 ELSE r.hits + 1 END,
    resets_at = CASE WHEN r.resets_at <= clock_timestamp() THEN EXCLUDED.resets_at ELSE r.resets_at END
  RETURNING r.hits AS current, GREATEST(0, ceil(extract(epoch FROM r.resets_at - clock_timestamp()) * 1000))::int AS ttl`;

export function postgresRateLimitStore(ds: DataSource): RateLimitStoreClass {
  return class PostgresRateLimitStore implements RateLimitStore {
    private readonly prefix: string;
    constructor(params?: { budget?: string }) {
      this.prefix = params?.budget ? `${params.budget}:` : '';
    }

    incr(key: string, cb: (err: Error | null, res?: { current: number; ttl: number }) => void, timeWindow: number): void {
      ds.query(INCR, [this.prefix + key, timeWindow]).then(
        (rows: { current: number; ttl: number }[]) => cb(null, { current: Number(rows[0].current), ttl: Number(rows[0].ttl) }),
        (e: Error) => cb(e),
      );
    }

    child(params: { budget?: string }): RateLimitStore {
      return new PostgresRateLimitStore(params);
    }
  };
}

/** The open window of a budget's key without counting a hit (the login throttle asks before it counts failures). */
export async function peekRateLimit(ds: DataSource, budget: string, key: string): Promise<{ hits: number; ttl: number }> {
  const rows: { hits: number; ttl: number }[] = await ds.query(
    `SELECT hits, GREATEST(0, ceil(extract(epoch FROM resets_at - clock_timestamp()) * 1000))::int AS ttl
       FROM gateway.rate_limits WHERE key = $1 AND resets_at > clock_timestamp()`,
    [`${budget}:${key}`],
  );
  return rows[0] ? { hits: Number(rows[0].hits), ttl: Number(rows[0].ttl) } : { hits: 0, ttl: 0 };
}

/** Drops windows that ended (a minute ago), so the table holds the active clients only. */
export async function sweepRateLimits(ds: DataSource): Promise<void> {
  await ds.query(`DELETE FROM gateway.rate_limits WHERE resets_at < clock_timestamp() - interval '1 minute'`);
}
