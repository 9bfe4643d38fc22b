import { ArrayMaxSize, IsArray, IsEnum, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { Unit } from '../common/actor';
import { KeyArea } from '../common/key-areas';
import { IncidentView } from './incident-report';
import { rpcSubject } from '../common/rpc';
import { IsCategoryCode, Text } from '../common/fields';

/**
 * 筛选分类 (issue 23, item 1): the centre sets or corrects an incident's key area and category.
 * At registration they ride on `register` (`keyArea`, `category` in its body); later with
 * `office.incident.reclassify` and a reason. Either way the history gets a `reclassify` entry, the
 * ledger's counters (daily and roll-ups, and the category counters) move from the old key area and
 * category to the new, the clock takes the new category's limits, and
 * `office.incident.reclassified` is emitted.
 */
export class ClassificationFields {
  @IsEnum(KeyArea) keyArea: KeyArea;
  @IsString() @IsCategoryCode() category: string;
}

/** The body of `POST /api/v1/incidents/{id}/reclassify`. */
export class ReclassifyBody extends ClassificationFields {
  @Text(2000, 2) reason: string;
}

/** `office.incident.reclassify`: a later correction of key area and category (commander; reason required). */
export namespace ReclassifyIncident {
  export const subject = rpcSubject<Request, Reply>('office.incident.reclassify');
  export class Request extends ReclassifyBody {
    @IsUUID() incidentId: string;
  }
  export type Reply = IncidentView;
}

/** A department a dispatch rule names, resolved in the incident's district where asked for an incident. */
export interface SuggestedDepartment {
  code: string;
  /** The department of the incident's district with this code (null when the registry has none or cannot be asked). */
  id: string | null;
  name: string | null;
}

/** 派遣建议: what a category's dispatch rule proposes (the desk may send others). */
export interface DispatchRuleView {
  category: string;
  categoryName: string;
  keyArea: KeyArea;
  /** The unit of "122" to lead (null: departments only). */
  unit: Unit | null;
  unitLabel: { zh: string; en: string } | null;
  /** District department codes (registry `departments.code`), the first one first. */
  departmentCodes: string[];
  /** `default` = the seeded table, `edited` = changed by an admin or commander. */
  origin: 'default' | 'edited';
  updatedAt: string | null;
  updatedBy: string | null;
}

/** `office.dispatch-rule.list`: the whole table, one rule per category. */
export namespace ListDispatchRules {
  export const subject = rpcSubject<Request, Reply>('office.dispatch-rule.list');
  export class Request {}
  export interface Reply {
    items: DispatchRuleView[];
  }
}

/** The body of `PUT /api/v1/dispatch-rules/{category}`. */
export class DispatchRuleBody {
  /** null or absent: no unit, departments only. */
  @IsOptional() @IsEnum(Unit) unit?: Unit | null;

  @IsArray() @ArrayMaxSize(10) @Matches(/^[a-z][a-z0-9_]{1,39}$/, { each: true, message: 'departmentCodes must be department codes (lowercase letters, digits or _)' })
  departmentCodes: string[];
}

/** `office.dispatch-rule.set`: changes one category's rule (admin, street commander). */
export namespace SetDispatchRule {
  export const subject = rpcSubject<Request, Reply>('office.dispatch-rule.set');
  export class Request extends DispatchRuleBody {
    @IsString() @IsCategoryCode() category: string;
  }
  export type Reply = DispatchRuleView;
}

/** `office.incident.dispatch-suggestion`: the rule of the incident's category, departments resolved in its district. */
export namespace SuggestDispatch {
  export const subject = rpcSubject<Request, Reply>('office.incident.dispatch-suggestion');
  export class Request {
    @IsUUID() incidentId: string;
  }
  export interface Reply extends DispatchRuleView {
    incidentId: string;
    departments: SuggestedDepartment[];
  }
}
