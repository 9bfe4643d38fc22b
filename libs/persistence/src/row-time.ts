/**
 * A row's timestamp as replies carry it: ISO 8601 in UTC (a timestamptz reads as a Date, or as text
 * from a JSON aggregate), or null when the column is NULL. Columns that cannot be NULL give a string,
 * by type.
 */
export function rowIso(t: Date | string): string;
export function rowIso(t: Date | string | null | undefined): string | null;
export function rowIso(t: Date | string | null | undefined): string | null {
  return t ? new Date(t).toISOString() : null;
}
