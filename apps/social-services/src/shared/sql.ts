import { Actor } from '@grid122/contracts';
import { streetCalendar } from '@grid122/calendar';
import { narrowScope } from '@grid122/access';
import { AppError } from '@grid122/messaging';

/** Builds a parameterised SQL statement: `sql.p(value)` adds a parameter and returns `$n`. */
export class Sql {
  readonly params: unknown[] = [];
  readonly where: string[] = [];

  p(v: unknown): string {
    this.params.push(v);
    return `$${this.params.length}`;
  }

  and(clause: string): this {
    this.where.push(clause);
    return this;
  }

  whereSql(): string {
    return this.where.length ? `WHERE ${this.where.join(' AND ')}` : '';
  }

  /** `column <@ scope` for the narrower of the actor's scope and a requested subtree (FALSE when disjoint). */
  scope(column: string, actor: Actor, requested?: string | null): this {
    const s = narrowScope(actor.scope, requested);
    if (s === null) return this.and('FALSE');
    if (s === '') return this;
    return this.and(`${column} <@ ${this.p(s)}::ltree`);
  }
}

/** Keyset cursor over (created_at, id) descending; the text form of created_at keeps microseconds. */
export function encodeCursor(createdAtText: string, id: string): string {
  return Buffer.from(`${createdAtText}|${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { at: string; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!at || !id || !/^[0-9a-f-]{36}$/.test(id)) throw AppError.validation([{ field: 'cursor', messages: ['cursor is not valid'] }]);
  return { at, id };
}

/** Adds the keyset condition and returns LIMIT n+1 so the caller knows whether there is more. */
export function pageClause(sql: Sql, alias: string, q: { limit?: number; cursor?: string }, defaultLimit = 50): { limitSql: string; limit: number } {
  const limit = q.limit ?? defaultLimit;
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    sql.and(`(${alias}.created_at, ${alias}.id) < (${sql.p(c.at)}::timestamptz, ${sql.p(c.id)}::uuid)`);
  }
  return { limitSql: `ORDER BY ${alias}.created_at DESC, ${alias}.id DESC LIMIT ${limit + 1}`, limit };
}

export function toPage<R extends { ck: string; id: string }, T>(rows: R[], limit: number, map: (r: R) => T): { items: T[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return { items: page.map(map), nextCursor: more ? encodeCursor(page[page.length - 1].ck, page[page.length - 1].id) : null };
}

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
export const point = (lng: unknown, lat: unknown): { lng: number; lat: number } | null =>
  lng == null || lat == null ? null : { lng: Number(lng), lat: Number(lat) };

/**
 * Rows of an UPDATE/DELETE … RETURNING: TypeORM's postgres driver answers those with
 * `[rows, affectedCount]` (and plain rows for SELECT/INSERT).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function returned<T = any>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
