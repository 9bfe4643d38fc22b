import { IsBoolean, IsEnum, IsISO8601, IsOptional, IsString, IsUUID } from 'class-validator';
import { Unit } from '../common/actor';
import { EnforcementOfficerInput, EnforcementOfficerView, Officers } from './common-dto';
import { EnforcementCategory, JointOperationStatus } from './labels';
import { rpcSubject } from '../common/rpc';
import { GeoPoint, IdRequest } from '../common/primitives';
import { IsCategoryCode, Text, QueryInt, QueryNumber, NestedList, GeoPointField, GridPath } from '../common/fields';

export class JointOperationDepartmentInput {
  @IsUUID() departmentId: string;
  @IsString() @IsCategoryCode('$property must be snake_case') code: string;
  @Text(100, 1) name: string;
  /** The department's people called up (参战人员). */
  @NestedList(() => EnforcementOfficerInput, 50) people: EnforcementOfficerInput[];
}

/** A target: an existing case, or a place (a shop, a market, a building site). */
export class JointOperationTargetInput {
  @IsOptional() @IsUUID() caseId?: string;
  @IsOptional() @Text(200, 1) placeName?: string;
  @IsOptional() @Text(300) address?: string;
  @IsOptional() @GridPath() gridPath?: string;
  @IsOptional() @GeoPointField() location?: GeoPoint;
}

/** `enforcement.operation.create`: a joint operation (联合执法行动). */
export namespace CreateJointOperation {
  export const subject = rpcSubject<Request, Reply>('enforcement.operation.create');
  export class Request {
    @Text(200, 2) name: string;
    @IsOptional() @Text(4000) description?: string;
    /** The lead unit (牵头单位): the enforcement team or a department's name. */
    @Text(100, 2) leadUnit: string;
    /** Grid subtree the operation covers (default: the caller's scope). */
    @IsOptional() @GridPath() gridPath?: string;
    @IsISO8601() startsAt: string;
    @IsISO8601() endsAt: string;
    @NestedList(() => JointOperationDepartmentInput, 40, { size: 1 }) departments: JointOperationDepartmentInput[];
    @NestedList(() => JointOperationTargetInput, 500) targets: JointOperationTargetInput[];
  }
  export type Reply = JointOperationDetail;
}

export interface JointOperationResultView {
  inspected: boolean;
  violationFound: boolean;
  noticesIssued: number;
  penaltyAmount: number;
  penalties: number;
  demolishedAreaM2: number;
  note: string | null;
  officers: EnforcementOfficerView[];
  recordedAt: string;
}

export interface JointOperationTargetView {
  id: string;
  caseId: string | null;
  caseRef: string | null;
  placeName: string | null;
  address: string | null;
  gridPath: string | null;
  location: { lng: number; lat: number } | null;
  result: JointOperationResultView | null;
  /** the case opened for the violation found at this place (origin 'operation'), if any */
  foundCaseId: string | null;
  foundCaseRef: string | null;
}

export interface JointOperationDepartmentView {
  departmentId: string;
  code: string;
  name: string;
  people: EnforcementOfficerView[];
  acknowledgedAt: string | null;
  acknowledgedByName: string | null;
  /** not acknowledged when the operation started (flagged to the commander) */
  unacknowledgedAtStart: boolean;
}

export interface JointOperationRollup {
  targets: number;
  placesInspected: number;
  violationsFound: number;
  noticesIssued: number;
  penalties: number;
  penaltyAmount: number;
  areaDemolishedM2: number;
}

export interface JointOperationView {
  id: string;
  ref: string;
  name: string;
  description: string | null;
  leadUnit: string;
  commanderId: string;
  commanderName: string | null;
  gridPath: string;
  startsAt: string;
  endsAt: string;
  status: JointOperationStatus;
  statusLabel: { zh: string; en: string };
  unacknowledgedDepartments: { departmentId: string; name: string }[];
  rollup: JointOperationRollup;
}

export interface JointOperationDetail extends JointOperationView {
  departments: JointOperationDepartmentView[];
  targets: JointOperationTargetView[];
}

/** `enforcement.operation.get` */
export namespace GetJointOperation {
  export const subject = rpcSubject<Request, Reply>('enforcement.operation.get');
  export class Request extends IdRequest {}
  export type Reply = JointOperationDetail;
}

/** `enforcement.operation.list` */
export namespace ListJointOperations {
  export const subject = rpcSubject<Request, Reply>('enforcement.operation.list');
  export class Request {
    @IsOptional() @IsEnum(JointOperationStatus) status?: JointOperationStatus;
    @IsOptional() @QueryInt(1, 200) limit?: number;
  }
  export type Reply = { items: JointOperationView[] };
}

/** `enforcement.operation.acknowledge`: a member department acknowledges the call-up (收到调令). */
export namespace AcknowledgeJointOperation {
  export const subject = rpcSubject<Request, Reply>('enforcement.operation.acknowledge');
  export class Request {
    @IsUUID() operationId: string;
    /** Required unless the caller is the department's liaison (their department is taken). */
    @IsOptional() @IsUUID() departmentId?: string;
  }
  export type Reply = JointOperationDetail;
}

/** `enforcement.operation.record_result`: the result at one target. */
export namespace RecordJointOperationResult {
  export const subject = rpcSubject<Request, Reply>('enforcement.operation.record_result');
  export class Request {
    @IsUUID() operationId: string;
    @IsUUID() targetId: string;
    @Officers() officers: EnforcementOfficerInput[];
    @IsBoolean() inspected: boolean;
    @IsBoolean() violationFound: boolean;
    @IsOptional() @QueryInt(0, 100) noticesIssued?: number;
    @IsOptional() @QueryNumber(0, 100_000_000) penaltyAmount?: number;
    @IsOptional() @QueryNumber(0, 1_000_000) demolishedAreaM2?: number;
    @IsOptional() @Text(2000) note?: string;
    /**
     * The violation's category (违法类别): required when a violation is found at a *place* target,
     * for which the result opens an enforcement case (origin 'operation'; the office takes it into
     * its ledger once, as any case the team opens). A case target's violation is its case's.
     */
    @IsOptional() @IsEnum(EnforcementCategory) category?: EnforcementCategory;
    /** The opened case's title (default: the place and the category). */
    @IsOptional() @Text(200, 2) title?: string;
  }
  export type Reply = JointOperationDetail;
}

export const ENFORCEMENT_LEAD_UNIT_DEFAULT = Unit.Enforcement;
