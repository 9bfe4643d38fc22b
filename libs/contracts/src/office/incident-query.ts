import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsDateString, IsEnum, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min } from 'class-validator';
import { KeyArea } from '../common/key-areas';
import { Unit } from '../common/actor';
import { Page } from '../common/pagination';
import { IncidentSource, IncidentState } from './events';
import { IncidentView } from './incident-report';
import { TRAFFIC_LIGHTS, TrafficLight } from './labels';
import { rpcSubject } from '../common/rpc';
import { GRID_PATH_PATTERN, IdRequest, toStrictBool } from '../common/primitives';
import { GridRoot, IsCategoryCode, QueryInt, Text } from '../common/fields';


/** Filters of the ledger (台账), shared by the list and the XLSX export. */
export class IncidentFilter {
  @IsOptional() @IsEnum(IncidentState) state?: IncidentState;
  @IsOptional() @IsEnum(KeyArea) keyArea?: KeyArea;
  @IsOptional() @IsCategoryCode() category?: string;
  /** A grid path: only incidents at or below it. */
  @IsOptional() @GridRoot() root?: string;
  @IsOptional() @IsEnum(Unit) unit?: Unit;
  @IsOptional() @IsUUID() departmentId?: string;
  @IsOptional() @Transform(toStrictBool) @IsBoolean() overdue?: boolean;
  @IsOptional() @IsIn(TRAFFIC_LIGHTS) light?: TrafficLight;
  /** Reported at or after / before: a street day YYYY-MM-DD (whole day, the street's zone) or an ISO time. */
  @IsOptional() @IsDateString({ strict: true }, { message: 'from must be a date YYYY-MM-DD (the street\'s day) or an ISO 8601 time' }) from?: string;
  @IsOptional() @IsDateString({ strict: true }, { message: 'to must be a date YYYY-MM-DD (the street\'s day) or an ISO 8601 time' }) to?: string;
  @IsOptional() @Text(100) q?: string;
  /** Where it came from (来源): e.g. hotline_12345, with sourceRef the other system's own number. */
  @IsOptional() @IsEnum(IncidentSource) source?: IncidentSource;
  /** The reporting system's reference (工单号): finds the incident a platform pushed, without keeping our id. */
  @IsOptional() @Text(200) sourceRef?: string;
  /** Changed at or after (any transition, note or reopening): a platform's incremental sync. */
  @IsOptional() @IsDateString() updatedSince?: string;
}

/** `office.incident.list`: newest first, keyset cursor. */
export namespace ListIncidents {
  export const subject = rpcSubject<Request, Reply>('office.incident.list');
  export class Request extends IncidentFilter {
    @IsOptional() @Text(200) cursor?: string;
    @IsOptional() @QueryInt(1, 500) limit?: number;
  }
  export type Reply = Page<IncidentView> & { total?: number };
}

/**
 * `office.incident.export`: the ledger (台账) as an XLSX workbook, built by the office with the
 * list's filters and scope; at most MAX_ROWS rows, `truncated` past them.
 */
export namespace ExportIncidents {
  export const subject = rpcSubject<Request, Reply>('office.incident.export');
  export const MAX_ROWS = 20_000;
  export class Request extends IncidentFilter {}
  export interface Reply {
    base64: string;
    rows: number;
    truncated: boolean;
  }
}

/** `office.incident.get`: one incident with its history and clock. */
export namespace GetIncident {
  export const subject = rpcSubject<Request, Reply>('office.incident.get');
  export class Request extends IdRequest {}
  export type Reply = IncidentView;
}

/**
 * `office.incident.get-many`: several incidents with their history in three statements (rows,
 * histories, the cached categories), whatever their number; the ones the actor may not see, or
 * that do not exist, are left out. Open311 shows "me too" duplicates with their originals.
 */
export namespace GetIncidents {
  export const subject = rpcSubject<Request, Reply>('office.incident.get-many');
  export class Request {
    @IsArray() @ArrayMaxSize(500) @IsUUID('all', { each: true }) ids: string[];
  }
  export type Reply = { items: IncidentView[] };
}

/** `office.incident.supervise-sweep`: runs the overdue sweep now (the timer runs it every minute). */
export namespace SuperviseSweep {
  export const subject = rpcSubject<Request, Reply>('office.incident.supervise-sweep');
  export class Request {}
  export interface Reply {
    supervised: number;
    incidentIds: string[];
    /** Unacknowledged urgings (催办) past their due that rose one level in this sweep. */
    raised?: number;
  }
}

/** An incident as Open311 shows it: its public fields and the last note of its current state (no history). */
export type Open311Incident = Pick<
  IncidentView,
  | 'id' | 'code' | 'state' | 'closureType' | 'category' | 'categoryName' | 'description' | 'address' | 'location' | 'reportedAt' | 'updatedAt'
  | 'deadline' | 'unit' | 'leadUnit' | 'departmentId' | 'duplicateOfId' | 'completionReply' | 'result' | 'notResponsibleParty'
> & {
  /** The note of the last history entry into the current state (not a comment, link or supervision). */
  lastNote: string | null;
};

/**
 * `office.open311.requests`: Open311's `GET requests` in one indexed statement — a page of the
 * incidents the caller may see, newest first, with the last note of each one's state and, for a
 * "me too" duplicate, its original (when the caller may see it), so nothing is asked per row.
 * `status` filters on the status shown (a duplicate shows its original's). With `ids`: those
 * incidents (the window does not apply), in no particular order.
 */
export namespace ListOpen311Requests {
  export const subject = rpcSubject<Request, Reply>('office.open311.requests');
  export const MAX_LIMIT = 1000;
  export class Request {
    @IsOptional() @IsDateString() from?: string;
    @IsOptional() @IsDateString() to?: string;
    @IsOptional() @Matches(GRID_PATH_PATTERN) root?: string;
    @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) categories?: string[];
    @IsOptional() @IsIn(['open', 'closed']) status?: 'open' | 'closed';
    @IsOptional() @IsArray() @ArrayMaxSize(500) @IsUUID('all', { each: true }) ids?: string[];
    @IsInt() @Min(1) @Max(MAX_LIMIT) limit: number;
    @IsOptional() @IsInt() @Min(0) offset?: number;
  }
  export interface Reply {
    items: (Open311Incident & { original: Open311Incident | null })[];
  }
}
