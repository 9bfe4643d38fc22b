import { IsOptional, Matches, MaxLength } from 'class-validator';
import { GRID_PATH_PATTERN, MONTH_PATTERN } from '../common/primitives';
import { PageQuery } from '../common/pagination';

/** A subtree of the caller's scope to look at (narrowed to the scope, never widened). */
export class SocialGridFilter extends PageQuery {
  @IsOptional() @Matches(GRID_PATH_PATTERN, { message: 'gridPath must be an ltree path like nj.gulou.btq.c01' }) @MaxLength(255) gridPath?: string;
}

/** A period in whole months, inclusive (`from`..`to`, YYYY-MM); defaults to the last 12 months. */
export class SocialMonthRange {
  @IsOptional() @Matches(MONTH_PATTERN, { message: 'from must be YYYY-MM' }) from?: string;
  @IsOptional() @Matches(MONTH_PATTERN, { message: 'to must be YYYY-MM' }) to?: string;
  @IsOptional() @Matches(GRID_PATH_PATTERN, { message: 'gridPath must be an ltree path' }) @MaxLength(255) gridPath?: string;
}

export interface SocialLabelledCode {
  code: string;
  label: { zh: string; en: string };
}

/** Query-string booleans: "true"/"1" are true, anything else false (never Boolean("false") === true). */
export const toBool = ({ value }: { value: unknown }): unknown => (typeof value === 'boolean' ? value : value === 'true' || value === '1');
