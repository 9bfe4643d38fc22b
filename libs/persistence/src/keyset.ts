import { GRID_PATH_PATTERN } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';

/**
 * Keyset pagination, one cursor format for every list (#21 item 4): a cursor is the sort key of the
 * page's last row, base64url of a JSON array, opaque to clients. Decoding checks each part's kind and
 * answers VALIDATION_FAILED naming `cursor` for anything this API did not give out.
 */
export type CursorPartKind = 'uuid' | 'time' | 'day' | 'int' | 'timeOrInfinity' | 'path' | 'text';
type PartOf<K extends CursorPartKind> = K extends 'int' ? number : string;
export type CursorParts<K extends readonly CursorPartKind[]> = { [I in keyof K]: K[I] extends CursorPartKind ? PartOf<K[I]> : never };

const UUID = /^[0-9a-f-]{36}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isTime = (v: unknown): boolean => typeof v === 'string' && !Number.isNaN(new Date(v).getTime());
const CHECK: Record<CursorPartKind, (v: unknown) => boolean> = {
  uuid: (v) => typeof v === 'string' && UUID.test(v),
  time: isTime,
  day: (v) => typeof v === 'string' && DAY.test(v),
  int: (v) => Number.isInteger(v),
  timeOrInfinity: (v) => v === 'infinity' || isTime(v),
  /** an ltree grid path (a list in path order) */
  path: (v) => typeof v === 'string' && v.length <= 1000 && GRID_PATH_PATTERN.test(v),
  /** a name or other text a list is sorted by (bound as a parameter, never spliced) */
  text: (v) => typeof v === 'string' && v.length <= 1000,
};

export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor<const K extends readonly CursorPartKind[]>(cursor: string, kinds: K): CursorParts<K> {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = null;
  }
  if (!Array.isArray(parts) || parts.length !== kinds.length || !kinds.every((k, i) => CHECK[k](parts[i]))) {
    throw AppError.validation([{ field: 'cursor', messages: ['cursor is not one this API returned'] }]);
  }
  return parts as CursorParts<K>;
}

/**
 * A page from rows read with LIMIT n + 1: the first `limit` mapped, and the next cursor (the last
 * row's key) when there was one more.
 */
export function keysetPage<R, T>(rows: readonly R[], limit: number, map: (r: R) => T, keyOf: (r: R) => readonly (string | number)[]): { items: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page.map(map), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
