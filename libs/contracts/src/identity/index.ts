import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { rpcSubject } from '../common/rpc';

export * from './accounts';

/**
 * The identity service (apps/identity, 账号与审计): the tamper-evident audit log (安全审计) and what
 * writes to it. The gateway writes every audited action's entry through `identity.audit.record`
 * (an action whose entry cannot be written fails: AUDIT_UNAVAILABLE) and serves the auditor's
 * routes (`/api/v1/audit`, `/api/v1/audit/verify`) from `identity.audit.query|verify`.
 */

export const AUDIT_RESULTS = ['ok', 'denied', 'failed'] as const;
export type AuditResult = (typeof AUDIT_RESULTS)[number];

/** One audit entry: who (`actorId`, `actorName`), what (`action`, `target`), where (`ip`), result, details. */
export namespace RecordAudit {
  export const subject = rpcSubject<Request, Reply>('identity.audit.record');
  export class Request {
    @IsOptional() @IsUUID() actorId?: string | null;
    @IsOptional() @IsString() @MaxLength(128) actorName?: string | null;
    @IsString() @Matches(/^[a-z0-9_.-]{1,64}$/, { message: 'action must be like auth.login' }) action: string;
    @IsOptional() @IsString() @MaxLength(512) target?: string | null;
    @IsIn(AUDIT_RESULTS) result: AuditResult;
    @IsOptional() @IsString() @MaxLength(64) ip?: string | null;
    @IsOptional() @IsObject() details?: Record<string, unknown> | null;
  }
  export interface Reply {
    /** The entry's place in the hash chain. */
    seq: string;
  }
}

/** `GET /api/v1/audit?from=&to=&actor=&action=&result=&cursor=&limit=` (审计日志查询): auditor only, itself audited (`audit.read`). */
export namespace QueryAudit {
  export const subject = rpcSubject<Request, Reply>('identity.audit.query');
  export class Request {
    /** ISO 8601 instant or date, inclusive. */
    @IsOptional() @IsISO8601({ strict: true }) from?: string;
    /** ISO 8601 instant or date, exclusive. */
    @IsOptional() @IsISO8601({ strict: true }) to?: string;
    /** An account id (uuid) or a username. */
    @IsOptional() @IsString() @MaxLength(128) actor?: string;
    /** Exact (`auth.login`) or a prefix ending in * (`auth.*`). */
    @IsOptional() @Matches(/^[a-z0-9_.-]{1,64}\*?$/, { message: 'action must be like auth.login or auth.*' }) action?: string;
    @IsOptional() @IsIn(AUDIT_RESULTS) result?: AuditResult;
    /** nextCursor of the previous page. */
    @IsOptional() @Matches(/^\d{1,19}$/, { message: 'cursor must be the nextCursor of a previous page' }) cursor?: string;
    @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
    /** The auditor's address, for the `audit.read` entry (filled by the gateway, never by the client). */
    @IsOptional() @IsString() @MaxLength(64) ip?: string;
  }
  export interface Reply {
    items: AuditEntryView[];
    nextCursor: string | null;
  }
}

/** `GET /api/v1/audit/verify` (审计日志完整性校验): the hash chain walked from the oldest kept entry to the head; auditor only, audited. */
export namespace VerifyAudit {
  export const subject = rpcSubject<Request, Reply>('identity.audit.verify');
  export class Request {
    /** The auditor's address, for the `audit.verify` entry (filled by the gateway). */
    @IsOptional() @IsString() @MaxLength(64) ip?: string;
  }
  export interface Reply {
    ok: boolean;
    /** Entries checked. */
    checked: number;
    /** The oldest kept entry (older ones pruned after 180 days). */
    from: AuditLink | null;
    /** The chain head when the check began: note it to compare with a later check. */
    head: AuditLink | null;
    firstBroken: AuditBrokenLink | null;
  }
}

export interface AuditEntryView {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  target: string | null;
  result: string;
  ip: string | null;
  details: Record<string, unknown> | null;
}

export interface AuditLink {
  seq: string;
  hash: string;
}

export interface AuditBrokenLink {
  /** The entry (id) where the chain breaks; null when entries at the end are missing. */
  id: string | null;
  /** The seq expected there. */
  seq: string;
  /** hash: the entry was changed; prev_hash: the link to the entry before was changed; missing: entries before it were removed; tail: the newest entries were removed. */
  reason: 'hash' | 'prev_hash' | 'missing' | 'tail';
  message: string;
}
