import { Type } from 'class-transformer';
import { IsLatitude, IsLongitude, IsNumber, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

/** An officer present at an inspection or decision (执法人员, with the law-enforcement certificate number). */
export class EnforcementOfficerInput {
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  name: string;

  /** 执法证号 */
  @IsOptional()
  @IsString()
  @MaxLength(40)
  badgeNo?: string;

  @IsOptional()
  @IsUUID()
  departmentId?: string;
}

export class EnforcementPointInput {
  @Type(() => Number)
  @IsNumber()
  @IsLongitude()
  lng: number;

  @Type(() => Number)
  @IsNumber()
  @IsLatitude()
  lat: number;
}

export const ENFORCEMENT_GRID_PATH = /^[a-z0-9_]+(\.[a-z0-9_]+)*$/;

export const ENFORCEMENT_GRID_PATH_MESSAGE = { message: 'must be a grid path like nj.gulou.btq.c01' };

export interface EnforcementOfficerView {
  name: string;
  badgeNo: string | null;
  departmentId: string | null;
}
