import { IsDateString, IsEnum, IsIn, IsOptional, IsUUID, IsUrl, Max, MaxLength } from 'class-validator';
import { ClosureType, IncidentState } from './events';
import { Satisfaction } from './satisfaction-answer';
import { rpcSubject } from '../common/rpc';
import { GridRoot, QueryInt, Text } from '../common/fields';

/**
 * One public update of an incident's history (what a resident-facing client such as FixMyStreet
 * shows on the report): a state change, a result fed back, or a resident's comment. A "me too"
 * duplicate echoes its original's updates (`viaOriginalId`) while it is merged into it.
 */
export interface IncidentUpdate {
  /** Stable: `<incident id>:<seq>` for the incident's own entry, `<duplicate id>:<original id>:<seq>` for an echo. */
  updateId: string;
  /** The incident the update is about, as the client knows it (the duplicate, for an echo). */
  incidentId: string;
  /** Set for an echo: the original incident whose history entry this is. */
  viaOriginalId: string | null;
  viaOriginalCode: string | null;
  seq: number;
  /** The history action: register, reject, dispatch, accept, suspend, resume, handle, verify, rework, close, escalate, reopen, merge, unmerge, comment. */
  action: string;
  /** The state after the entry. */
  state: IncidentState;
  /** For a `close` entry: how it was closed (honest closure type). */
  closureType: ClosureType | null;
  /** The entry's note: a reason, a result, a resident's comment text. */
  note: string | null;
  /** Who wrote it: `resident` for a comment from an Open311 client. */
  byRole: string | null;
  at: string;
  mediaUrl: string | null;
  /** A `close` entry: the completion reply (办结回复) the reporter is told. */
  reply?: string | null;
}

/**
 * `office.incident.updates`: every public history entry between `from` and `to` (inclusive) in
 * the caller's scope, oldest first, keyset-paged on (at, incident, seq). Served from
 * office.incident_history by its (at, incident_id, seq) index, never from the event stream.
 */
export namespace ListIncidentUpdates {
  export const subject = rpcSubject<Request, Reply>('office.incident.updates');
  /** Updates per page at most (a page also ends before its reply nears NATS's 1 MB payload limit). */
  export const MAX_LIMIT = 2000;
  export class Request {
    @IsDateString() from: string;
    @IsDateString() to: string;
    /** Narrows to a grid subtree within the caller's scope (a jurisdiction). */
    @IsOptional() @GridRoot() root?: string;
    /** Only these incidents (a client following its own reports). */
    @IsOptional() @IsUUID('all', { each: true }) incidentIds?: string[];
    @IsOptional() @Text(300) cursor?: string;
    @IsOptional() @QueryInt(1) @Max(MAX_LIMIT) limit?: number;
  }
  export interface Reply {
    items: IncidentUpdate[];
    nextCursor: string | null;
  }
}

/**
 * `office.incident.comment`: a resident's comment from a resident-facing client (Open311
 * `POST servicerequestupdates`), written to the incident's history. Idempotent on
 * (client, externalUpdateId): the same comment sent again answers the first entry. `reopen`
 * asks to reopen a closed case, which follows the street's reopen rule (within
 * OFFICE_REOPEN_DAYS of closure; afterwards the comment is kept and the case stays closed).
 */
export namespace CommentOnIncident {
  export const subject = rpcSubject<Request, Reply>('office.incident.comment');
  export class Request {
    @IsUUID() incidentId: string;
    /** The client's own id of the comment (FixMyStreet's comment id). */
    @Text(100, 1) externalUpdateId: string;
    @IsOptional() @Text(4000) text?: string;
    /** When the resident wrote it (the client's clock); the history entry is stamped on arrival. */
    @IsOptional() @IsDateString() writtenAt?: string;
    @IsOptional() @IsIn(['open', 'closed']) status?: 'open' | 'closed';
    @IsOptional() @Text(100) authorName?: string;
    @IsOptional() @Text(200) email?: string;
    @IsOptional() @IsUrl({ protocols: ['http', 'https'], require_protocol: true }) @MaxLength(1000) mediaUrl?: string;
    /** The resident's answer on the closed case (办结满意度); 不满意 reopens it as rework within the window. */
    @IsOptional() @IsEnum(Satisfaction) satisfaction?: Satisfaction;
  }
  export interface Reply {
    updateId: string;
    incidentId: string;
    seq: number;
    /** The first answer for this externalUpdateId (false when it was sent again). */
    created: boolean;
    /** The case was reopened by this comment. */
    reopened: boolean;
    /** Why a requested reopening did not happen, in Chinese and English; null otherwise. */
    notReopenedBecause: string | null;
    state: IncidentState;
  }
}
