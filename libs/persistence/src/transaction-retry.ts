import { DataSource, EntityManager, QueryFailedError } from 'typeorm';

/**
 * SQLSTATEs after which the same transaction, run again from the start, can succeed: Postgres
 * aborted it to break a lock cycle (40P01 deadlock_detected) or a serialisation conflict (40001).
 */
export const RETRYABLE_SQLSTATES: ReadonlySet<string> = new Set(['40P01', '40001']);

export function isRetryableTransactionError(e: unknown): boolean {
  return e instanceof QueryFailedError && RETRYABLE_SQLSTATES.has((e.driverError as { code?: string } | undefined)?.code ?? '');
}

/**
 * Runs `work` in a transaction and, when Postgres aborts it to break a deadlock or a serialisation
 * conflict, runs it again from the start after a short random pause, up to `attempts` times in
 * all. Nothing of an aborted attempt remains, so this is for work whose every effect is inside the
 * transaction — its rows, its history and its outbox events (the office's commands). The last
 * failure is thrown as it came (answered 503: retry).
 */
export async function transactionWithRetry<T>(ds: DataSource, work: (m: EntityManager) => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ds.transaction(work);
    } catch (e) {
      if (attempt >= attempts || !isRetryableTransactionError(e)) throw e;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
    }
  }
}
