/** A map point as replies carry it: WGS-84 longitude and latitude in degrees. */
export interface RowPoint {
  lng: number;
  lat: number;
}

/**
 * The point a row's longitude and latitude columns hold (selected as `ST_X(…) AS lng, ST_Y(…) AS
 * lat`: a float8 reads as a number, a numeric as a string), or null when either is NULL (a row
 * without a location). Columns that cannot be NULL give a point, by type.
 */
export function rowPoint(lng: number | string, lat: number | string): RowPoint;
export function rowPoint(lng: unknown, lat: unknown): RowPoint | null;
export function rowPoint(lng: unknown, lat: unknown): RowPoint | null {
  return lng == null || lat == null ? null : { lng: Number(lng), lat: Number(lat) };
}
