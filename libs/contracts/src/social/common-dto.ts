import { IsOptional, Matches, MaxLength } from 'class-validator';
import { GRID_PATH_PATTERN } from '../common/primitives';
import { PageQuery } from '../common/pagination';
import { Decimal, Field, LtreePath, Month } from '../common/fields';

/** A subtree of the caller's scope to look at (narrowed to the scope, never widened). */
export class SocialGridFilter extends PageQuery {
  @IsOptional() @Matches(GRID_PATH_PATTERN, { message: 'gridPath must be an ltree path like nj.gulou.btq.c01' }) @MaxLength(255) gridPath?: string;
}

/** A period in whole months, inclusive (`from`..`to`, YYYY-MM); defaults to the last 12 months. */
export class SocialMonthRange {
  @IsOptional() @Month() from?: string;
  @IsOptional() @Month() to?: string;
  @IsOptional() @LtreePath(255) gridPath?: string;
}

export interface SocialLabelledCode {
  code: string;
  label: { zh: string; en: string };
}

/** Hours of service (志愿服务时长): a quarter of an hour up to a day, two decimals. */
export const ServiceHours = (): PropertyDecorator => Decimal(2, 0.25, 24);
