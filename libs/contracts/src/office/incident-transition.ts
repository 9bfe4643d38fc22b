import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsIn, IsNumber, IsOptional, IsPositive, IsString, IsUUID, Matches, Max } from 'class-validator';
import { Unit } from '../common/actor';
import { KeyArea } from '../common/key-areas';
import { ClosureType, IncidentAction, ResolutionLevel } from './events';
import { IncidentView, PHOTO_SHA256 } from './incident-report';
import { DispatchPartyDto } from './joint-dispatch';
import { LIMIT_UNITS, LimitUnit } from './labels';
import { rpcSubject } from '../common/rpc';
import { IsCategoryCode, Text, NestedList } from '../common/fields';

/** The body of `POST /api/v1/incidents/{id}/{action}`; which fields an action needs is checked by the office. */
export class IncidentActionBody {
  /** reject, return, suspend, escalate, rework, reopen, extend: why (required there). */
  @IsOptional() @Text(2000, 2) reason?: string;
  /** Any action: a free note for the history. */
  @IsOptional() @Text(2000) note?: string;
  /** dispatch: a unit of "122" (两组两队) and/or a department. */
  @IsOptional() @IsEnum(Unit) unit?: Unit;
  @IsOptional() @IsUUID() departmentId?: string;
  /**
   * dispatch: the assisting units or departments (协办) beside the lead (主办), each with its own
   * acceptance and feedback. With assists, name exactly one lead in `unit` or `departmentId`.
   */
  @IsOptional() @NestedList(() => DispatchPartyDto, 10) assists?: DispatchPartyDto[];
  /** handle: the result fed back (反馈) with photos. */
  @IsOptional() @Text(4000, 2) result?: string;
  /** handle: the result's photos (after, 处置后); verify: the grid's photos at verification (核查). Uploaded first with `POST /api/v1/photos`. */
  @IsOptional() @IsArray() @ArrayMaxSize(9) @Matches(PHOTO_SHA256, { each: true, message: 'photos must be sha256 hex digests' }) photos?: string[];
  /** extend: how much more time (延期), in the category limit's unit unless given. */
  @IsOptional() @Type(() => Number) @IsNumber() @IsPositive() @Max(90) value?: number;
  @IsOptional() @IsIn(LIMIT_UNITS) limitUnit?: LimitUnit;
  /** close: the honest closure type; not_responsible names whose it is. */
  @IsOptional() @IsEnum(ClosureType) closureType?: ClosureType;
  @IsOptional() @Text(200, 2) responsibleParty?: string;
  /**
   * close: the completion reply (办结回复) to the reporter, in Chinese: what was done. Shown to the
   * reporter (Open311 status_notes and updates, the incident's view); composed from the closure and
   * the result when not given.
   */
  @IsOptional() @Text(2000, 2) reply?: string;
  /** merge: the original this report repeats (an open incident that is not itself a duplicate). */
  @IsOptional() @IsUUID() originalId?: string;
  /**
   * register: the key area and category the centre settles on (筛选分类), when the report's were
   * wrong; both together (the category must belong to the key area). Recorded as a `reclassify`
   * entry before the registration, the counters moved (docs/office.md, triage).
   */
  @IsOptional() @IsEnum(KeyArea) keyArea?: KeyArea;
  @IsOptional() @IsString() @IsCategoryCode() category?: string;
  /** close: where it was settled; derived from the history when absent. */
  @IsOptional() @IsEnum(ResolutionLevel) resolutionLevel?: ResolutionLevel;
}

/** `office.incident.transition`: one action of the workflow on one incident. */
export namespace TransitionIncident {
  export const subject = rpcSubject<Request, Reply>('office.incident.transition');
  export class Request extends IncidentActionBody {
    @IsUUID() incidentId: string;
    @IsEnum(IncidentAction) action: IncidentAction;
  }
  export type Reply = IncidentView;
}
