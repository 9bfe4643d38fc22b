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

/** A configurable code of a register (a social or petitions category, a volunteer team): elderly, community_corrections. */
export const REGISTER_CODE_PATTERN = /^[a-z][a-z0-9_]{1,39}$/;

/** A phone number as a resident gives it (digits, spaces, dashes, a leading +). */
export const PHONE_PATTERN = /^\+?[\d\- ]{7,20}$/;
/** A resident ID number (居民身份证号): 17 digits and a check digit or X. */
export const ID_NUMBER_PATTERN = /^\d{17}[\dXx]$/;

/** A month of the street's calendar (YYYY-MM). */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
/** A day of the street's calendar (YYYY-MM-DD). */
export const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Query-string booleans: "true"/"1" are true, anything else false (never Boolean("false") === true). */
export const toBool = ({ value }: { value: unknown }): unknown => (typeof value === 'boolean' ? value : value === 'true' || value === '1');

/** Stricter: "false"/"0" are false too, and anything else stays as it came, for IsBoolean to refuse (400). */
export const toStrictBool = ({ value }: { value: unknown }): unknown =>
  typeof value === 'boolean' ? value : value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

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
