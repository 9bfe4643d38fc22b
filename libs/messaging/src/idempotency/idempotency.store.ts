import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { CommonErrorCode } from '@grid122/contracts';
import { DataSource, EntityManager, QueryFailedError, QueryRunner } from 'typeorm';
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

/**
 * How long an Idempotency-Key is kept (docs/api.md: 24 hours): the shared store's keys and the
 * keys a service keeps in its own transaction (the office's `idempotency_keys`) alike. A client
 * retries within minutes; after this a key is forgotten and a request with it is a new request.
 */
export const IDEMPOTENCY_KEY_RETENTION_HOURS = 24;

export interface IdempotencyStoreOptions {
  /**
   * How long a retry waits for the first request with its key (its transaction holding the claim,
   * or its answer after the commit) before a 503 (retry) or, once the first committed, a replay.
   */
  waitMs?: number;
}

/** What one request with a key is doing, seen by the DataSource's transactions (below). */
interface Scope {
  store: IdempotencyStore;
  actorId: string;
  key: string;
  subject: string;
  hash: string;
  /** The claim row is committed (with the first transaction's effects). */
  claimed: boolean;
  /** Transaction results of a first run that committed but did not answer: handed back in order instead of running again. */
  replay: unknown[];
  replayed: number;
  /** A transaction of this request is open: a nested one (another connection) is not the request's. */
  open: number;
  /** fn is finished: a transaction started later from this async context (work it left behind) is not the request's. */
  done: boolean;
  /** Another request with the key committed first: this run's transaction was rolled back, answer with the first's. */
  lost: boolean;
  /** The first is still in its transaction past `waitMs`. */
  busy: boolean;
}

const scopes = new AsyncLocalStorage<Scope>();
const HOOKED = Symbol('grid122.idempotency.hooked');

/** Runs `fn` outside any Idempotency-Key request (work a request kicks off but does not own: the outbox relay). */
export function outsideIdempotency<T>(fn: () => T): T {
  return scopes.exit(fn);
}

class ClaimTaken extends Error {}

const sqlState = (e: unknown): string | undefined => (e instanceof QueryFailedError ? (e.driverError as { code?: string } | undefined)?.code : undefined);

/** Transaction results kept as JSON with their Dates, Buffers and undefined intact. */
function encode(v: unknown): unknown {
  if (v === undefined) return { $u: 1 };
  if (v instanceof Date) return { $d: v.toISOString() };
  if (Buffer.isBuffer(v)) return { $b: v.toString('base64') };
  if (Array.isArray(v)) return v.map(encode);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(x)]));
  return v;
}
function decode(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decode);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && keys[0] === '$u') return undefined;
    if (keys.length === 1 && keys[0] === '$d') return new Date(String(o.$d));
    if (keys.length === 1 && keys[0] === '$b') return Buffer.from(String(o.$b), 'base64');
    return Object.fromEntries(keys.map((k) => [k, decode(o[k])]));
  }
  return v;
}

/**
 * Idempotency-Key for every command (CONVENTIONS 18): a request with a key (per caller and
 * subject) runs once; a retry with the same key and body gets the first answer, one with another
 * body a 422.
 *
 * The claim is a row of the service's `idempotency_requests`, inserted **in the request's own
 * first transaction** (every `DataSource.transaction` of the request runs through the hook below),
 * so the claim and the records it made commit together or not at all:
 * - a retry that arrives while the first still runs blocks on the first's uncommitted claim (a
 *   unique key) and, once it commits, answers with the first's answer — never a second insert;
 *   past `waitMs` (the first is stalled) it is a 503 to retry, never a takeover;
 * - a first that dies (kill -9, Postgres restart) before its commit leaves nothing: the retry runs;
 * - a first that committed but did not answer (it died after the commit, or a read after it
 *   failed) left its transactions' results with the claim: the retry runs the handler again with
 *   those results handed back instead of running the transactions, and answers as the first would.
 * A request that failed before committing anything leaves no claim, so a retry runs again.
 */
export class IdempotencyStore {
  private readonly waitMs: number;
  private readonly table: string;

  constructor(
    private readonly ds: DataSource,
    private readonly schema: string,
    opts: IdempotencyStoreOptions = {},
  ) {
    this.waitMs = opts.waitMs ?? 3000;
    this.table = `"${schema}"."idempotency_requests"`;
    hookTransactions(ds);
  }

  async run<T>(actorId: string, key: string, subject: string, body: unknown, fn: () => Promise<T>): Promise<T> {
    const hash = requestHash(body);
    const until = Date.now() + this.waitMs;
    for (;;) {
      const [row]: { request_hash: string; response: { v?: T; tx?: unknown[] } | null }[] = await this.ds.query(
        `SELECT request_hash, response FROM ${this.table} WHERE actor_id = $1 AND key = $2 AND subject = $3`,
        [actorId, key, subject],
      );
      let replay: unknown[] = [];
      if (row) {
        if (row.request_hash !== hash) {
          throw new AppError(CommonErrorCode.IdempotencyKeyReused, 'This Idempotency-Key was used with another request body', { idempotencyKey: key });
        }
        if (row.response && 'v' in row.response) return row.response.v as T;
        if (Date.now() < until) {
          // Committed, the answer not yet recorded: the first is finishing (or died after its commit).
          await new Promise((r) => setTimeout(r, 50));
          continue;
        }
        if (!row.response?.tx) throw this.stillRunning(key);
        replay = row.response.tx;
      }
      const scope: Scope = { store: this, actorId, key, subject, hash, claimed: !!row, replay, replayed: 0, open: 0, done: false, lost: false, busy: false };
      let result: T;
      try {
        result = await scopes.run(scope, fn);
      } catch (e) {
        if (scope.lost) continue; // another request with the key committed first: answer with its answer
        if (scope.busy) throw this.stillRunning(key);
        throw e;
      } finally {
        scope.done = true;
      }
      const response = JSON.stringify({ v: result ?? null });
      // Best effort: if this fails, a retry finds the claim with its transactions' results and replays.
      await (scope.claimed
        ? this.ds.query(`UPDATE ${this.table} SET response = $4, completed_at = now() WHERE actor_id = $1 AND key = $2 AND subject = $3`, [actorId, key, subject, response])
        : this.ds.query(
            `INSERT INTO ${this.table} (actor_id, key, subject, request_hash, response, completed_at) VALUES ($1,$2,$3,$4,$5,now()) ON CONFLICT DO NOTHING`,
            [actorId, key, subject, hash, response],
          )
      ).catch(() => undefined);
      return result;
    }
  }

  private stillRunning(key: string): AppError {
    // Retryable: the first request commits or rolls back soon (a dead process's transaction is rolled back by Postgres).
    return new AppError(CommonErrorCode.ServiceUnavailable, 'The first request with this Idempotency-Key is still running: retry in a moment', { idempotencyKey: key, retryAfterSeconds: 1 });
  }

  /** The request's transaction, with the claim taken first and its result kept with it. */
  async inTransaction<T>(s: Scope, m: EntityManager, work: (m: EntityManager) => Promise<T>): Promise<T> {
    if (!s.claimed) {
      // The unique key is the lock: a concurrent first's uncommitted claim makes this wait for its end.
      await m.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(this.waitMs))}`);
      let claimed: unknown[];
      try {
        claimed = await m.query(
          `INSERT INTO ${this.table} (actor_id, key, subject, request_hash, response) VALUES ($1,$2,$3,$4,'{"tx":[]}') ON CONFLICT DO NOTHING RETURNING 1`,
          [s.actorId, s.key, s.subject, s.hash],
        );
      } catch (e) {
        if (sqlState(e) === '55P03') s.busy = true; // lock_not_available: the first is stalled
        if (sqlState(e) === '40001') s.lost = true; // a serialisable transaction saw the first's commit
        throw e;
      }
      if (claimed.length === 0) {
        s.lost = true;
        throw new ClaimTaken(`Idempotency-Key ${s.key} was claimed by another request`);
      }
      await m.query(`SET LOCAL lock_timeout = DEFAULT`);
    }
    const result = await work(m);
    await m.query(
      `UPDATE ${this.table} SET response = jsonb_set(COALESCE(response, '{"tx":[]}'), '{tx}', COALESCE(response->'tx', '[]'::jsonb) || jsonb_build_array($4::jsonb))
        WHERE actor_id = $1 AND key = $2 AND subject = $3`,
      [s.actorId, s.key, s.subject, JSON.stringify(encode(result))],
    );
    return result;
  }

  /** Whether `ds` is this store's (one process may run several services, each with its DataSource). */
  owns(ds: DataSource): boolean {
    return ds === this.ds;
  }

  /** Forgets keys older than `hours` (a client retries within minutes, not days). */
  async prune(hours = IDEMPOTENCY_KEY_RETENTION_HOURS): Promise<number> {
    const [, n] = await this.ds.query(`DELETE FROM ${this.table} WHERE created_at < now() - make_interval(hours => $1)`, [hours]);
    return Number(n ?? 0);
  }
}

/** A statement that writes (a write run alone, outside a transaction, is made a transaction of the request). */
const WRITE = /^\s*(INSERT|UPDATE|DELETE|MERGE)\b|^\s*WITH\b[\s\S]*\b(INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM)\b/i;

/**
 * Routes the DataSource's transactions (`ds.transaction`, `ds.manager.transaction`, a
 * repository's `transaction`) of a request with an Idempotency-Key through its store, and a write
 * statement the request runs on its own (`ds.query('INSERT …')`) through a transaction of it, so
 * it is claimed (and replayed) like one.
 */
function hookTransactions(ds: DataSource): void {
  const manager = ds.manager as EntityManager & { [HOOKED]?: boolean };
  if (manager[HOOKED]) return;
  manager[HOOKED] = true;
  const query = ds.query.bind(ds) as (sql: string, params?: unknown[], runner?: QueryRunner) => Promise<unknown>;
  (ds as unknown as { query: unknown }).query = (sql: string, params?: unknown[], runner?: QueryRunner): Promise<unknown> => {
    const s = scopes.getStore();
    if (runner || !s || s.done || s.open > 0 || !s.store.owns(ds) || typeof sql !== 'string' || !WRITE.test(sql)) return query(sql, params, runner);
    return manager.transaction((m) => m.query(sql, params));
  };
  const original = manager.transaction.bind(manager) as (iso: unknown, work?: unknown) => Promise<unknown>;
  (manager as unknown as { transaction: unknown }).transaction = (a: unknown, b?: unknown): Promise<unknown> => {
    const s = scopes.getStore();
    if (!s || s.done || s.open > 0 || !s.store.owns(ds)) return original(a, b);
    const work = (typeof a === 'function' ? a : b) as (m: EntityManager) => Promise<unknown>;
    if (s.replayed < s.replay.length) return Promise.resolve(decode(s.replay[s.replayed++]));
    s.open += 1;
    const wrapped = (m: EntityManager) => s.store.inTransaction(s, m, work);
    return (typeof a === 'function' ? original(wrapped) : original(a, wrapped))
      .then((r) => {
        s.claimed = true;
        s.replayed = s.replay.length; // past any replayed results: later transactions append
        return r;
      })
      .finally(() => {
        s.open -= 1;
      });
  };
}

export async function createIdempotencyRequests(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`
    CREATE TABLE "${schema}"."idempotency_requests" (
      "actor_id" text NOT NULL,
      "key" text NOT NULL,
      "subject" text NOT NULL,
      "request_hash" char(64) NOT NULL,
      "response" jsonb, -- {"v": the answer} once answered; {"tx": [results of its committed transactions]} before
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "completed_at" timestamptz,
      PRIMARY KEY ("actor_id", "key", "subject")
    )`);
  await q.query(`CREATE INDEX "idempotency_requests_created_idx" ON "${schema}"."idempotency_requests" ("created_at")`);
}

export async function dropIdempotencyRequests(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`DROP TABLE IF EXISTS "${schema}"."idempotency_requests"`);
}
