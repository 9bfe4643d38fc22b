import { IsOptional, IsUUID } from 'class-validator';
import { Text, NestedList } from '../common/fields';

/** An officer present at an inspection or decision (执法人员, with the law-enforcement certificate number). */
export class EnforcementOfficerInput {
  @Text(50, 1) name: string;
  /** 执法证号 */
  @IsOptional() @Text(40) badgeNo?: string;
  @IsOptional() @IsUUID() departmentId?: string;
}

export interface EnforcementOfficerView {
  name: string;
  badgeNo: string | null;
  departmentId: string | null;
}

/** The officers present (at most 20; the service wants two for an inspection, 两人以上执法). */
export const Officers = (): PropertyDecorator => NestedList(() => EnforcementOfficerInput, 20);
