import { IsEnum, IsOptional, IsString, IsUUID } from 'class-validator';
import { KeyArea } from '../common/key-areas';
import { EnforcementCategory } from './labels';
import { rpcSubject } from '../common/rpc';
import { IsCategoryCode, Text, QueryInt, NestedList } from '../common/fields';

export interface EnforcementCategoryView {
  code: EnforcementCategory;
  label: { zh: string; en: string };
  keyArea: KeyArea;
  /** Default days from a rectification notice to its comply-by date (整改期限). */
  complyDays: number;
  /** Departments legally competent for it (有权查处部门), configurable. */
  departments: { code: string; name: string; departmentId: string | null }[];
}

/** `enforcement.category.list` */
export namespace ListEnforcementCategories {
  export const subject = rpcSubject<Request, Reply>('enforcement.category.list');
  export class Request {}
  export type Reply = { items: EnforcementCategoryView[] };
}

export class CompetentDepartmentInput {
  @IsString() @IsCategoryCode('$property must be snake_case') code: string;
  @Text(100, 1) name: string;
  /** The department's id in the registry (for department liaisons' scope). */
  @IsOptional() @IsUUID() departmentId?: string;
}

/** `enforcement.category.update`: the comply days and/or the competent departments (replaces the list). */
export namespace UpdateEnforcementCategory {
  export const subject = rpcSubject<Request, Reply>('enforcement.category.update');
  export class Request {
    @IsEnum(EnforcementCategory) code: EnforcementCategory;
    @IsOptional() @QueryInt(1, 365) complyDays?: number;
    @IsOptional() @NestedList(() => CompetentDepartmentInput, 20) departments?: CompetentDepartmentInput[];
  }
  export type Reply = EnforcementCategoryView;
}
