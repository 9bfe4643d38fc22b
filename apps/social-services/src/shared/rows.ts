import { streetCalendar } from '@grid122/calendar';
import { AppError } from '@grid122/messaging';

/*
 * Social services' row helpers: a figures' month range, and numbers, instants, days and the rows of
 * an UPDATE … RETURNING read from query results (statements are built with @grid122/persistence's SQL kit).
 */

/** `YYYY-MM` → first day; the default period is the last 12 months including this one. */
/**
 * Whole street months `from`..`to` (default: the last 12 up to the street's current month), as
 * days (`start` inclusive, `end` exclusive) and as the instants those days begin in the street's
 * zone (`startAt`, `endAt`), whatever the process clock's zone.
 */
export function monthRange(from?: string, to?: string): { from: string; to: string; start: string; end: string; startAt: string; endAt: string } {
  const toM = to ?? streetCalendar().thisMonth();
  let fromM = from;
  if (!fromM) {
    const [y, m] = toM.split('-').map(Number);
    const d = new Date(Date.UTC(y, m - 1 - 11, 1));
    fromM = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  }
  if (fromM > toM) throw AppError.validation([{ field: 'from', messages: ['from must not be after to'] }]);
  const [ty, tm] = toM.split('-').map(Number);
  const endD = new Date(Date.UTC(ty, tm, 1));
  const end = `${endD.getUTCFullYear()}-${String(endD.getUTCMonth() + 1).padStart(2, '0')}-01`;
  const cal = streetCalendar();
  return { from: fromM, to: toM, start: `${fromM}-01`, end, startAt: cal.dayStart(`${fromM}-01`).toISOString(), endAt: cal.dayStart(end).toISOString() };
}

export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const iso = (v: Date | string | null | undefined): string | null => (v == null ? null : new Date(v).toISOString());
export const dateOnly = (v: Date | string | null | undefined): string | null => {
  if (v == null) return null;
  if (typeof v === 'string') return v.slice(0, 10);
  // a `date` column arrives as local midnight; print it as the same calendar day
  return `${v.getFullYear()}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
};

/**
 * Rows of an UPDATE/DELETE … RETURNING: TypeORM's postgres driver answers those with
 * `[rows, affectedCount]` (and plain rows for SELECT/INSERT).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function returned<T = any>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
