import { IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

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

export interface EnforcementOfficerView {
  name: string;
  badgeNo: string | null;
  departmentId: string | null;
}
