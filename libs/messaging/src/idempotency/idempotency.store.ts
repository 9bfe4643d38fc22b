import { createHash } from 'node:crypto';
import { CommonErrorCode } from '@grid122/contracts';
import { DataSource, QueryRunner } from 'typeorm';
import { AppError } from '../rpc/app-error';

/** JSON with object keys sorted, so the same body always hashes the same. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

export const requestHash = (body: unknown): string => createHash('sha256').update(canonicalJson(body)).digest('hex');

export interface IdempotencyStoreOptions {
  /** How long a retry waits for the first request with its key to finish before a 503 (retry). */
  waitMs?: number;
  /**
   * A running request refreshes its claim every `staleMs / 3`; a claim not refreshed for `staleMs`
   * belongs to a process that died (kill -9, a lost node) and is taken over by the next retry.
   */
  staleMs?: number;
}

/**
 * Idempotency-Key for every command (CONVENTIONS 18): the first request with a key (per caller and
 * subject) is claimed in the service's own `idempotency_requests` table, runs, and its answer is
 * kept; a retry with the same key and body gets that answer (waiting for it while the first still
 * runs — e.g. a request the gateway timed out on that the service is still doing), one with
 * another body a 422. A request that fails releases its claim, so a retry runs again.
 */
export class IdempotencyStore {
  private readonly waitMs: number;
  private readonly staleMs: number;

  constructor(
    private readonly ds: DataSource,
    private readonly schema: string,
    opts: IdempotencyStoreOptions = {},
  ) {
    this.waitMs = opts.waitMs ?? 3000;
    this.staleMs = opts.staleMs ?? 6000;
  }

  async run<T>(actorId: string, key: string, subject: string, body: unknown, fn: () => Promise<T>): Promise<T> {
    const hash = requestHash(body);
    const table = `"${this.schema}"."idempotency_requests"`;
    const until = Date.now() + this.waitMs;
    for (;;) {
      const claimed: unknown[] = await this.ds.query(
        `INSERT INTO ${table} (actor_id, key, subject, request_hash) VALUES ($1,$2,$3,$4) ON CONFLICT DO NOTHING RETURNING 1`,
        [actorId, key, subject, hash],
      );
      if (claimed.length > 0) return this.runClaimed(table, actorId, key, subject, fn);
      const [row]: { request_hash: string; response: { v: T } | null; stale: boolean }[] = await this.ds.query(
        `SELECT request_hash, response, created_at < now() - make_interval(secs => $4) AS stale FROM ${table} WHERE actor_id = $1 AND key = $2 AND subject = $3`,
        [actorId, key, subject, this.staleMs / 1000],
      );
      if (!row) continue; // the first failed and released it meanwhile: claim again
      if (row.request_hash !== hash) {
        throw new AppError(CommonErrorCode.IdempotencyKeyReused, 'This Idempotency-Key was used with another request body', { idempotencyKey: key });
      }
      if (row.response) return row.response.v;
      if (row.stale) {
        const taken: unknown[] = await this.ds.query(
          `UPDATE ${table} SET created_at = now() WHERE actor_id = $1 AND key = $2 AND subject = $3 AND response IS NULL AND created_at < now() - make_interval(secs => $4) RETURNING 1`,
          [actorId, key, subject, this.staleMs / 1000],
        );
        if (taken.length > 0) return this.runClaimed(table, actorId, key, subject, fn);
      }
      if (Date.now() > until) {
        // Retryable: the first request answers soon, or its claim goes stale (its process died).
        throw new AppError(CommonErrorCode.ServiceUnavailable, 'The first request with this Idempotency-Key is still running: retry in a moment', { idempotencyKey: key, retryAfterSeconds: 1 });
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private async runClaimed<T>(table: string, actorId: string, key: string, subject: string, fn: () => Promise<T>): Promise<T> {
    let result: T;
    // While it runs, the claim stays fresh (created_at is "alive at"); a dead process stops refreshing it.
    const heartbeat = setInterval(() => {
      void this.ds
        .query(`UPDATE ${table} SET created_at = now() WHERE actor_id = $1 AND key = $2 AND subject = $3 AND response IS NULL`, [actorId, key, subject])
        .catch(() => undefined);
    }, this.staleMs / 3);
    try {
      result = await fn();
    } catch (e) {
      await this.ds.query(`DELETE FROM ${table} WHERE actor_id = $1 AND key = $2 AND subject = $3 AND response IS NULL`, [actorId, key, subject]).catch(() => undefined);
      throw e;
    } finally {
      clearInterval(heartbeat);
    }
    await this.ds.query(`UPDATE ${table} SET response = $4, completed_at = now() WHERE actor_id = $1 AND key = $2 AND subject = $3`, [
      actorId,
      key,
      subject,
      JSON.stringify({ v: result ?? null }),
    ]);
    return result;
  }

  /** Forgets keys older than `hours` (a client retries within minutes, not days). */
  async prune(hours = 24): Promise<number> {
    const [, n] = await this.ds.query(`DELETE FROM "${this.schema}"."idempotency_requests" WHERE created_at < now() - make_interval(hours => $1)`, [hours]);
    return Number(n ?? 0);
  }
}

export async function createIdempotencyRequests(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`
    CREATE TABLE "${schema}"."idempotency_requests" (
      "actor_id" text NOT NULL,
      "key" text NOT NULL,
      "subject" text NOT NULL,
      "request_hash" char(64) NOT NULL,
      "response" jsonb,
      "created_at" timestamptz NOT NULL DEFAULT now(), -- claimed at; refreshed while the request runs
      "completed_at" timestamptz,
      PRIMARY KEY ("actor_id", "key", "subject")
    )`);
  await q.query(`CREATE INDEX "idempotency_requests_created_idx" ON "${schema}"."idempotency_requests" ("created_at")`);
}

export async function dropIdempotencyRequests(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`DROP TABLE IF EXISTS "${schema}"."idempotency_requests"`);
}
