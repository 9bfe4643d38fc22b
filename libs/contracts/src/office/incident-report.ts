import { ArrayMaxSize, IsArray, IsDateString, IsEnum, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { KeyArea } from '../common/key-areas';
import { Unit } from '../common/actor';
import { ClosureType, IncidentSource, IncidentState, ResolutionLevel } from './events';
import type { DispatchPartyView } from './joint-dispatch';
import type { Satisfaction } from './satisfaction-answer';
import type { UrgingView } from './urging-view';
import type { LimitUnit, TrafficLight } from './labels';
import type { Label } from '../common/labelled';
import { rpcSubject } from '../common/rpc';
import { ReporterContactDto } from '../common/reporter';
import { GRID_PATH_PATTERN, GeoPoint } from '../common/primitives';
import { IsCategoryCode, Text, Nested, GeoPointField } from '../common/fields';

export const PHOTO_SHA256 = /^[a-f0-9]{64}$/;

/** The fields of one reported problem (shared by intake and diary problems). */
export class ProblemFields {
  @Text(200, 2) title: string;
  @IsOptional() @Text(4000) description?: string;
  @IsEnum(KeyArea) keyArea: KeyArea;
  @IsString() @IsCategoryCode() category: string;
  @IsOptional() @GeoPointField() location?: GeoPoint;
  @IsOptional() @Text(300) address?: string;
  /** The L3 grid, when the caller knows it (used when the registry cannot locate). */
  @IsOptional() @IsUUID() gridId?: string;
  @IsOptional() @Matches(GRID_PATH_PATTERN, { message: 'gridPath must be an ltree path like nj.gulou.btq.c01.g2_01.g3_01' }) @MaxLength(300) gridPath?: string;
  /** sha256 of photos uploaded with `POST /api/v1/photos`. */
  @IsOptional() @IsArray() @ArrayMaxSize(9) @Matches(PHOTO_SHA256, { each: true, message: 'photos must be sha256 hex digests' }) photos?: string[];
}

/** `office.incident.report`: intake from any source (多网合一). */
export namespace ReportIncident {
  export const subject = rpcSubject<Request, Reply>('office.incident.report');
  export class Request extends ProblemFields {
    @IsEnum(IncidentSource) source: IncidentSource;
    /**
     * The source's own reference: hotline ticket, Open311 token, platform task id. Idempotent: a
     * second report with the same source and sourceRef answers the incident the first one made
     * (`existing: true`, HTTP 200), whatever its body.
     */
    @IsOptional() @Text(100) sourceRef?: string;
    @IsOptional() @Nested(() => ReporterContactDto) reporter?: ReporterContactDto;
    /** When the source received it (a hotline call earlier today); default now, never in the future. */
    @IsOptional() @IsDateString() reportedAt?: string;
    /** From the `Idempotency-Key` header (set by the gateway). */
    @IsOptional() @IsString() @Matches(/^[\x21-\x7e]{1,128}$/, { message: 'idempotencyKey must be 1-128 visible ASCII characters' }) idempotencyKey?: string;
  }
  /** `existing`: the source and sourceRef had already been reported; this is that incident. */
  export type Reply = IncidentView & { existing?: boolean };
}

export interface ClockView {
  phase: 'register_dispatch' | 'dispose';
  limit: { value: number; unit: LimitUnit; label: string };
  startedAt: string;
  deadline: string;
  elapsedMinutes: number;
  remainingMinutes: number;
  overdueMinutes: number;
  fractionUsed: number;
  overdue: boolean;
  light: TrafficLight;
  lightLabel: Label;
  paused: boolean;
  closed: boolean;
  scale: 'working' | 'calendar';
}

export interface HistoryEntryView {
  seq: number;
  action: string;
  fromState: IncidentState | null;
  toState: IncidentState;
  byId: string | null;
  byName: string | null;
  byRole: string | null;
  at: string;
  note: string | null;
  /** The photos given with a handle (处置) or verify (核查) entry. */
  photos?: string[];
}

/** An incident as the API shows it (reporter phone masked unless the role needs it). */
export interface IncidentView {
  id: string;
  code: string;
  title: string;
  description: string | null;
  keyArea: KeyArea;
  keyAreaLabel: { zh: string; en: string };
  category: string;
  categoryName: string;
  state: IncidentState;
  stateLabel: { zh: string; en: string };
  source: IncidentSource;
  sourceRef: string | null;
  gridId: string | null;
  gridPath: string;
  location: { lng: number; lat: number } | null;
  address: string | null;
  photos: string[];
  reporter: { accountId: string | null; name: string | null; phone: string | null } | null;
  priority: number;
  duplicateOfId: string | null;
  duplicateCount: number;
  unit: Unit | null;
  departmentId: string | null;
  leadUnit: Unit | null;
  leadDepartmentId: string | null;
  /** 协办: the assisting units and departments of the current dispatch (joint dispatch). */
  assistUnits: Unit[];
  assistDepartmentIds: string[];
  /** Every party of the current dispatch with its acceptance and feedback (on `GET /incidents/{id}` only). */
  parties?: DispatchPartyView[];
  /** 催办: the urgings sent on this case, oldest first (the single incident's view). */
  urgings?: UrgingView[];
  reworkCount: number;
  closureType: ClosureType | null;
  notResponsibleParty: string | null;
  resolutionLevel: ResolutionLevel | null;
  onTime: boolean | null;
  result: string | null;
  /** 处置前后对比: `photos` are the report's (before), `resultPhotos` the latest handling's (after), `verificationPhotos` the grid's at the latest verification. */
  resultPhotos: string[];
  /** 办结回复: what the reporter is told at closure (null while open). */
  completionReply: string | null;
  /** 区级答复: the district's answer on an escalation (the case came back to the street's desk with it). */
  districtReply: string | null;
  /** 办结时限 of a task the district handed down (区级下派), or null. */
  districtDueAt: string | null;
  /** The reporter's answer on the current closure (办结满意度), null until answered. */
  satisfaction: Satisfaction | null;
  satisfactionLabel: { zh: string; en: string } | null;
  verificationPhotos: string[];
  diaryId: string | null;
  reportedAt: string;
  registeredAt: string | null;
  dispatchedAt: string | null;
  handledAt: string | null;
  closedAt: string | null;
  supervisedAt: string | null;
  updatedAt: string;
  deadline: string | null;
  clock: ClockView | null;
  history?: HistoryEntryView[];
}

export const CLOSURE_TYPES = Object.values(ClosureType);
export const RESOLUTION_LEVELS = Object.values(ResolutionLevel);
export const UNITS = Object.values(Unit);

/** The JetStream Object Store bucket of incident photos (object name = sha256 of the bytes). */
export const PHOTO_BUCKET = 'grid122-photos';
/** Photos larger than this are refused (413). */
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
