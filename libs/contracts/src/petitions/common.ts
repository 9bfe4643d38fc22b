import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { toStrictBool } from '../common/primitives';
import { GridPath, Month, QueryInt, Text } from '../common/fields';


/**
 * A person's identity as entered (姓名、身份证号、电话). Stored encrypted with a keyed hash for
 * lookups; shown masked unless revealed by a role that needs it.
 */
export class PiiIdentityInput {
  @Text(50, 1) name: string;
  @IsOptional() @IsString() @Matches(/^\d{17}[\dXx]$|^\d{15}$/, { message: 'idNumber must be an 18-digit (or 15-digit) resident ID number' }) idNumber?: string;
  @IsOptional() @IsString() @Matches(/^[0-9+\- ]{7,20}$/, { message: 'phone must be 7-20 digits' }) phone?: string;
}

/** An identity as shown: masked by default; plain only in the reply of an audited reveal. */
export interface PiiIdentityView {
  name: string | null;
  idNumber: string | null;
  phone: string | null;
  masked: boolean;
}

/** A step on one petition or dispute with an optional note (受理, 结案). */
export class PetitionsNoteRequest {
  @IsUUID() id: string;
  @IsOptional() @Text(2000) note?: string;
}

/** A step on one petition or dispute that must say why (不予受理, 退回), told to the petitioner. */
export class PetitionsReasonRequest {
  @IsUUID() id: string;
  @Text(2000, 4) reason: string;
}

export class PetitionsListQuery {
  @IsOptional() @QueryInt(1, 500) limit?: number;
  @IsOptional() @QueryInt(0) offset?: number;
  /** Narrow to a grid subtree (within the caller's scope). */
  @IsOptional() @GridPath() gridPath?: string;
}

export interface PetitionsListReply<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}


/** Month range for figures: YYYY-MM. */
export class PetitionsMonthRangeQuery {
  @IsOptional() @Month() from?: string;
  @IsOptional() @Month() to?: string;
  @IsOptional() @GridPath() gridPath?: string;
}

/** A file produced by the service (XLSX export), base64 over NATS. */
export interface PetitionsFileReply {
  filename: string;
  contentType: string;
  base64: string;
  rows: number;
}

/** One audited read of identities (身份信息查看记录). */
export interface PiiIdentityAuditEntry {
  id: string;
  actorId: string;
  actorName: string;
  actorRole: string;
  subjectType: string;
  subjectId: string | null;
  fields: string[];
  reason: string;
  at: string;
}

/** Query-string booleans: "true"/"1" are true, "false"/"0" false (Boolean("false") would be true). */
export const PetitionsToBool = () => Transform(toStrictBool);
