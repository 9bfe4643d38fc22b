import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsDateString, IsEnum, IsIn, IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import { PetitionsListQuery, PetitionsToBool } from './common';
import { WarningLevel, WarningReason, WarningState } from './labels';
import { rpcSubject } from '../common/rpc';
import { GRID_PATH_PATTERN, IdRequest } from '../common/primitives';
import { Text, NestedList, GridPath } from '../common/fields';

export interface WarningGridView {
  gridPath: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  note: string | null;
}

export interface WarningView {
  id: string;
  ref: string;
  level: WarningLevel;
  colour: string;
  label: { zh: string; en: string };
  reasonKind: WarningReason;
  reason: string;
  startsAt: string;
  endsAt: string;
  state: WarningState;
  /** In force now: active and within its period. */
  current: boolean;
  issuedBy: string;
  issuedAt: string;
  grids: WarningGridView[];
  unacknowledged: number;
}

/** `petitions.warning.issue` (发布预警): by the street commander, to grids of their street. */
export namespace IssueWarning {
  export const subject = rpcSubject<Request, Reply>('petitions.warning.issue');
  export class Request {
    @IsIn([1, 2, 3, 4], { message: 'level must be 1 (blue), 2 (yellow), 3 (orange) or 4 (red)' }) level: WarningLevel;
    @IsEnum(WarningReason) reasonKind: WarningReason;
    @Text(2000, 4) reason: string;
    @IsISO8601() startsAt: string;
    @IsISO8601() endsAt: string;

    @IsArray() @ArrayMinSize(1, { message: 'gridPaths must list at least one grid' }) @ArrayMaxSize(500) @Matches(GRID_PATH_PATTERN, { each: true, message: 'each of gridPaths must be a grid path like nj.gulou.btq.c01' })
    gridPaths: string[];
  }
  export type Reply = WarningView;
}

export namespace ListWarnings {
  export const subject = rpcSubject<Request, Reply>('petitions.warning.list');
  export class Request extends PetitionsListQuery {
    @IsOptional() @IsEnum(WarningState) state?: WarningState;
    @IsOptional() @PetitionsToBool() @IsBoolean() current?: boolean;
  }
  export interface Reply {
    items: WarningView[];
    total: number;
    limit: number;
    offset: number;
  }
}

/** `petitions.warning.current`: warnings in force over the caller's scope, highest level first. */
export namespace CurrentWarnings {
  export const subject = rpcSubject<Request, Reply>('petitions.warning.current');
  export class Request {}
  export interface Reply {
    items: WarningView[];
    highestLevel: WarningLevel | null;
    /** Warned grids in the caller's scope still to acknowledge. */
    toAcknowledge: { warningId: string; gridPath: string }[];
  }
}

export namespace GetWarning {
  export const subject = rpcSubject<Request, Reply>('petitions.warning.get');
  export class Request extends IdRequest {}
  export type Reply = WarningView;
}

export class AcknowledgeWarningBody {
  /** One warned grid; omitted: every warned grid the caller answers for. */
  @IsOptional() @GridPath() gridPath?: string;
  @IsOptional() @Text(1000) note?: string;
}
/** `petitions.warning.acknowledge` (签收): a grid under the warning confirms it has it. */
export namespace AcknowledgeWarning {
  export const subject = rpcSubject<Request, Reply>('petitions.warning.acknowledge');
  export class Request extends AcknowledgeWarningBody {
    @IsUUID() id: string;
  }
  export type Reply = WarningView;
}

export namespace ListUnacknowledged {
  export const subject = rpcSubject<Request, Reply>('petitions.warning.unacknowledged');
  export class Request extends IdRequest {}
  export interface Reply {
    warningId: string;
    grids: string[];
  }
}

export class LiftWarningBody {
  @IsOptional() @Text(1000) note?: string;
}
export namespace LiftWarning {
  export const subject = rpcSubject<Request, Reply>('petitions.warning.lift');
  export class Request extends LiftWarningBody {
    @IsUUID() id: string;
  }
  export type Reply = WarningView;
}

// ---- weekly stability meetings (维稳工作例会) ----

export class PetitionsAttendeeInput {
  @Text(50, 1) name: string;
  @Text(80, 1) role: string;
}

export class PetitionsDecisionInput {
  @Text(2000, 2) text: string;
  @IsOptional() @Text(50) owner?: string;
  @IsOptional() @IsDateString({ strict: true }) dueOn?: string;
}

export interface MeetingView {
  id: string;
  heldOn: string;
  /** ISO week, e.g. 2025-W07. */
  week: string;
  gridPath: string;
  chair: string;
  attendees: { name: string; role: string }[];
  topics: string;
  decisions: { text: string; owner: string | null; dueOn: string | null }[];
  recordedBy: string;
  recordedAt: string;
}

export namespace RecordMeeting {
  export const subject = rpcSubject<Request, Reply>('petitions.meeting.record');
  export class Request {
    @IsDateString({ strict: true }, { message: 'heldOn must be a date YYYY-MM-DD' }) heldOn: string;
    @GridPath() gridPath: string;
    @Text(50, 1) chair: string;
    @NestedList(() => PetitionsAttendeeInput, 100, { size: 2, message: 'attendees must list two or more people' }) attendees: PetitionsAttendeeInput[];
    @Text(8000, 2) topics: string;
    @NestedList(() => PetitionsDecisionInput, 100) decisions: PetitionsDecisionInput[];
  }
  export type Reply = MeetingView;
}

export namespace ListMeetings {
  export const subject = rpcSubject<Request, Reply>('petitions.meeting.list');
  export class Request extends PetitionsListQuery {}
  export interface Reply {
    items: MeetingView[];
    total: number;
    limit: number;
    offset: number;
  }
}

export namespace GetMeeting {
  export const subject = rpcSubject<Request, Reply>('petitions.meeting.get');
  export class Request extends IdRequest {}
  export type Reply = MeetingView;
}
