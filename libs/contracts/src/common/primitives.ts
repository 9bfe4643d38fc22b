import { Type } from 'class-transformer';
import { IsLatitude, IsLongitude, IsNumber, IsUUID } from 'class-validator';

/**
 * The contracts' primitives, written once (#21 item 4): every service's requests use these instead
 * of a copy of their own. Keyset pages are `Page` / `PageQuery` (./pagination).
 */

/** An ltree grid path as the registry writes it (nj.gulou.btq.c01.g2_03.g3_11). */
export const GRID_PATH_PATTERN = /^[a-z0-9_]+(\.[a-z0-9_]+)*$/;
/** The validation message of a grid path (`$property` is the field's name). */
export const GRID_PATH_MESSAGE = { message: '$property must be an ltree grid path like nj.gulou.btq.c01' };

/** A category code (snake_case: office categories, department codes): illegal_parking, urban_management. */
export const CODE_PATTERN = /^[a-z][a-z0-9_]{1,63}$/;

/** A month of the street's calendar (YYYY-MM). */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
/** A day of the street's calendar (YYYY-MM-DD). */
export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** A WGS-84 point (query strings carry numbers as text: converted first). */
export class GeoPoint {
  @Type(() => Number)
  @IsNumber()
  @IsLongitude()
  lng: number;

  @Type(() => Number)
  @IsNumber()
  @IsLatitude()
  lat: number;
}

/** The request of every "one thing by its id" subject. */
export class IdRequest {
  @IsUUID()
  id: string;
}
