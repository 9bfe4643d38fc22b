import { Type } from 'class-transformer';
import { IsInt, IsLatitude, IsLongitude, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

/** ltree path labels, as the registry writes them (nj.gulou.btq.c01.g2_03.g3_11). */
export const SOCIAL_GRID_PATH = /^[a-z0-9_]+(\.[a-z0-9_]+)*$/;
export const SOCIAL_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
export const SOCIAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A WGS-84 point. */
export class SocialPoint {
  @Type(() => Number) @IsNumber() @IsLongitude() lng: number;
  @Type(() => Number) @IsNumber() @IsLatitude() lat: number;
}

/** Keyset paging of every list (`cursor` is opaque). */
export class SocialPageQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
  @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}

/** A subtree of the caller's scope to look at (narrowed to the scope, never widened). */
export class SocialGridFilter extends SocialPageQuery {
  @IsOptional() @Matches(SOCIAL_GRID_PATH, { message: 'gridPath must be an ltree path like nj.gulou.btq.c01' }) @MaxLength(255) gridPath?: string;
}

/** A period in whole months, inclusive (`from`..`to`, YYYY-MM); defaults to the last 12 months. */
export class SocialMonthRange {
  @IsOptional() @Matches(SOCIAL_MONTH, { message: 'from must be YYYY-MM' }) from?: string;
  @IsOptional() @Matches(SOCIAL_MONTH, { message: 'to must be YYYY-MM' }) to?: string;
  @IsOptional() @Matches(SOCIAL_GRID_PATH, { message: 'gridPath must be an ltree path' }) @MaxLength(255) gridPath?: string;
}

export interface SocialLabelledCode {
  code: string;
  label: { zh: string; en: string };
}

/** Query-string booleans: "true"/"1" are true, anything else false (never Boolean("false") === true). */
export const toBool = ({ value }: { value: unknown }): unknown => (typeof value === 'boolean' ? value : value === 'true' || value === '1');
