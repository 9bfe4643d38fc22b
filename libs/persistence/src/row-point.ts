/** A map point as replies carry it: WGS-84 longitude and latitude in degrees. */
export interface RowPoint {
  lng: number;
  lat: number;
}

/**
 * The SQL half of rowPoint: the select-list columns `lng` and `lat` (each after `prefix`, for a
 * statement that selects two rows' points side by side) of a geometry point expression —
 * `pointColumns('c.point')`, `pointColumns('i.location::geometry')` for a geography column,
 * `pointColumns('ST_PointOnSurface(g.polygon)')`. A NULL point gives NULL columns.
 */
export function pointColumns(point: string, prefix = ''): string {
  return `ST_X(${point}) AS ${prefix}lng, ST_Y(${point}) AS ${prefix}lat`;
}

/**
 * The point a row's longitude and latitude columns hold (selected by pointColumns: a float8 reads
 * as a number, a numeric as a string), or null when either is NULL (a row without a location). Columns that cannot be NULL give a point, by type.
 */
export function rowPoint(lng: number | string, lat: number | string): RowPoint;
export function rowPoint(lng: unknown, lat: unknown): RowPoint | null;
export function rowPoint(lng: unknown, lat: unknown): RowPoint | null {
  return lng == null || lat == null ? null : { lng: Number(lng), lat: Number(lat) };
}
