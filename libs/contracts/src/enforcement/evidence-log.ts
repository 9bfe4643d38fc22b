import { IsBase64, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { rpcSubject } from '../common/rpc';
import { Text, QueryInt } from '../common/fields';

/** Largest evidence file accepted (bytes). NATS and the gateway body limit (1 MiB) bound it from above. */
export const EVIDENCE_MAX_BYTES = 512 * 1024;

/** Media types accepted as evidence, recognised by their magic bytes (the declared type is not trusted). */
export const EVIDENCE_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;

/** `enforcement.evidence.add`: stores the bytes by sha256 (content-addressed, idempotent). */
export namespace AddEnforcementEvidence {
  export const subject = rpcSubject<Request, Reply>('enforcement.evidence.add');
  export class Request {
    @IsUUID() caseId: string;
    /** The file, base64. */
    @IsString()
    @IsBase64()
    @MaxLength(Math.ceil((EVIDENCE_MAX_BYTES * 4) / 3) + 8) contentBase64: string;
    @IsOptional() @Text(300) caption?: string;
  }
  export interface Reply {
    sha256: string;
    mediaType: string;
    sizeBytes: number;
    caption: string | null;
    uploadedAt: string;
    /** false when the same bytes were already on the case */
    created: boolean;
  }
}

/** `enforcement.evidence.get`: the bytes (base64) and type. */
export namespace GetEnforcementEvidence {
  export const subject = rpcSubject<Request, Reply>('enforcement.evidence.get');
  export class Request {
    @IsUUID() caseId: string;
    @IsString() @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lowercase hex digits' }) sha256: string;
  }
  export interface Reply {
    sha256: string;
    mediaType: string;
    sizeBytes: number;
    contentBase64: string;
  }
}

export interface CaseLogEntryView {
  seq: number;
  action: string;
  actorId: string;
  actorName: string | null;
  content: Record<string, unknown>;
  occurredAt: string;
  prevHash: string;
  hash: string;
}

/** One case's log (执法全过程记录): listed, or its hash chain verified. */
export class EnforcementCaseLogRequest {
  @IsUUID() caseId: string;
}

/** `enforcement.log.list`: the case's action log (执法全过程记录), oldest first. */
export namespace GetEnforcementCaseLog {
  export const subject = rpcSubject<Request, Reply>('enforcement.log.list');
  export class Request extends EnforcementCaseLogRequest {}
  export interface Reply {
    caseId: string;
    entries: CaseLogEntryView[];
  }
}

/** `enforcement.log.verify`: recomputes the hash chain; reports ok or the first broken entry. */
export namespace VerifyEnforcementCaseLog {
  export const subject = rpcSubject<Request, Reply>('enforcement.log.verify');
  export class Request extends EnforcementCaseLogRequest {}
  export interface Reply {
    caseId: string;
    ok: boolean;
    entries: number;
    headHash: string | null;
    firstBroken: { seq: number; reason: 'hash_mismatch' | 'prev_hash_mismatch' | 'sequence_gap'; expected: string; found: string } | null;
  }
}

/** `enforcement.log.correct`: a correction (更正) is a new entry pointing at the entry it corrects. */
export namespace CorrectEnforcementCaseLog {
  export const subject = rpcSubject<Request, Reply>('enforcement.log.correct');
  export class Request {
    @IsUUID() caseId: string;
    @QueryInt(1, 1_000_000) correctsSeq: number;
    @Text(2000, 2) correction: string;
  }
  export type Reply = CaseLogEntryView;
}

/** Genesis "previous hash" of every case's chain. */
export const LOG_GENESIS_HASH = '0'.repeat(64);

