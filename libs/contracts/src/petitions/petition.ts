import { IsBoolean, IsEnum, IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { KeyArea } from '../common/key-areas';
import { PetitionsNoteRequest, PetitionsReasonRequest, PiiIdentityInput, PetitionsToBool, PiiIdentityView, PetitionsListQuery } from './common';
import { PetitionChannel, PetitionerKind, PetitionMatter, PetitionOverdueKind, PetitionState } from './labels';
import { rpcSubject } from '../common/rpc';
import { RevealRequest } from '../common/requests';
import { IdRequest } from '../common/primitives';
import { Text, QueryInt, Nested, GridPath } from '../common/fields';

/** The channels staff register by hand; `office_dispatch` petitions are opened from the office's events. */
export const PETITION_MANUAL_CHANNELS = [PetitionChannel.Visit, PetitionChannel.Letter, PetitionChannel.Phone, PetitionChannel.Online] as const;

export interface PetitionsStaffRef {
  id: string;
  name: string;
}

export interface PetitionsHandoverView {
  from: PetitionsStaffRef;
  to: PetitionsStaffRef;
  reason: string;
  at: string;
}

export interface PetitionView {
  id: string;
  ref: string;
  channel: PetitionChannel;
  petitionerKind: PetitionerKind;
  petitioner: PiiIdentityView;
  headcount: number;
  /** 集体访: headcount >= 5. */
  collective: boolean;
  matter: PetitionMatter;
  summary: string;
  keyArea: KeyArea;
  gridPath: string;
  gridId: string | null;
  state: PetitionState;
  /** 首问责任人: the first receiver, until an explicit hand-over. */
  owner: PetitionsStaffRef | null;
  receivedBy: PetitionsStaffRef | null;
  receivedAt: string;
  acceptDueAt: string;
  acceptedAt: string | null;
  replyDueAt: string | null;
  extendedDays: number;
  extensionReason: string | null;
  repliedAt: string | null;
  reply: string | null;
  replyOnTime: boolean | null;
  closedAt: string | null;
  decisionNote: string | null;
  /** The first petition of this petitioner on this matter, when this one repeats it. */
  repeatOfId: string | null;
  /** How many petitions the chain holds (1 = not repeated). */
  repeatCount: number;
  incidentId: string | null;
  /** Which time limit is passed, if any. */
  overdue: PetitionOverdueKind | null;
}

export interface PetitionDetail extends PetitionView {
  handovers: PetitionsHandoverView[];
  /** The other petitions of the same chain (repeat petitions), oldest first. */
  chain: { id: string; ref: string; receivedAt: string; state: PetitionState }[];
}

/** `petitions.petition.register` (信访登记): the caller becomes the first-inquiry owner. */
export namespace RegisterPetition {
  export const subject = rpcSubject<Request, Reply>('petitions.petition.register');
  export class Request {
    @IsIn(PETITION_MANUAL_CHANNELS, { message: `channel must be one of ${PETITION_MANUAL_CHANNELS.join(', ')}` }) channel: PetitionChannel;
    @IsEnum(PetitionerKind) petitionerKind: PetitionerKind;
    /** The petitioner, or a group's representative. */
    @Nested(() => PiiIdentityInput) petitioner: PiiIdentityInput;
    /** People who came (a group: 2+; 5+ is a collective petition). */
    @IsOptional() @IsInt() @Min(1) @Max(10000) headcount?: number;
    @IsEnum(PetitionMatter) matter: PetitionMatter;
    @Text(4000, 4) summary: string;
    @IsOptional() @IsEnum(KeyArea) keyArea?: KeyArea;
    @GridPath() gridPath: string;
    @IsOptional() @IsUUID() gridId?: string;
    /** When it was received, if earlier than now (a letter's arrival); at most a year back. */
    @IsOptional() @IsISO8601() receivedAt?: string;
  }
  export type Reply = PetitionDetail;
}

export namespace ListPetitions {
  export const subject = rpcSubject<Request, Reply>('petitions.petition.list');
  export class Request extends PetitionsListQuery {
    @IsOptional() @IsEnum(PetitionState) state?: PetitionState;
    @IsOptional() @IsEnum(PetitionChannel) channel?: PetitionChannel;
    @IsOptional() @IsEnum(PetitionMatter) matter?: PetitionMatter;
    @IsOptional() @PetitionsToBool() @IsBoolean() collective?: boolean;
    /** Only petitions that repeat an earlier one. */
    @IsOptional() @PetitionsToBool() @IsBoolean() repeat?: boolean;
  }
  export interface Reply {
    items: PetitionView[];
    total: number;
    limit: number;
    offset: number;
  }
}

/** `petitions.petition.overdue`: petitions past their acceptance or reply limit (超期未办). */
export namespace ListOverduePetitions {
  export const subject = rpcSubject<Request, Reply>('petitions.petition.overdue');
  export class Request extends PetitionsListQuery {}
  export type Reply = ListPetitions.Reply;
}

export namespace GetPetition {
  export const subject = rpcSubject<Request, Reply>('petitions.petition.get');
  export class Request extends IdRequest {}
  export type Reply = PetitionDetail;
}

/** `petitions.petition.accept` (受理): starts the reply time limit. */
export namespace AcceptPetition {
  export const subject = rpcSubject<Request, Reply>('petitions.petition.accept');
  export class Request extends PetitionsNoteRequest {}
  export type Reply = PetitionDetail;
}

/** `petitions.petition.reject` (不予受理, with the reason told to the petitioner). */
export namespace RejectPetition {
  export const subject = rpcSubject<Request, Reply>('petitions.petition.reject');
  export class Request extends PetitionsReasonRequest {}
  export type Reply = PetitionDetail;
}

export class ExtendPetitionBody {
  @IsInt() @Min(1) @Max(365) days: number;
  @Text(2000, 4) reason: string;
}
/** `petitions.petition.extend` (延期): once, by up to the configured maximum (30 days). */
export namespace ExtendPetition {
  export const subject = rpcSubject<Request, Reply>('petitions.petition.extend');
  export class Request extends ExtendPetitionBody {
    @IsUUID() id: string;
  }
  export type Reply = PetitionDetail;
}

export class ReplyPetitionBody {
  @Text(8000, 4) reply: string;
  /**
   * The petition was a complaint against a staff member (their account id) and the reply finds it
   * true (查实投诉): appraisal counts it against the person (one bars "excellent" at year end).
   */
  @IsOptional() @IsUUID() complaintVerifiedAgainstId?: string;
}
/** `petitions.petition.reply` (答复意见, on the merits). */
export namespace ReplyPetition {
  export const subject = rpcSubject<Request, Reply>('petitions.petition.reply');
  export class Request extends ReplyPetitionBody {
    @IsUUID() id: string;
  }
  export type Reply = PetitionDetail;
}

export namespace ClosePetition {
  export const subject = rpcSubject<Request, Reply>('petitions.petition.close');
  export class Request extends PetitionsNoteRequest {}
  export type Reply = PetitionDetail;
}

export class HandoverPetitionBody {
  /** Account id of the staff member taking it over. */
  @IsUUID() toId: string;
  @Text(50, 1) toName: string;
  @Text(1000, 2) reason: string;
}
/** `petitions.petition.handover` (移交): the only way the first-inquiry owner changes. */
export namespace HandoverPetition {
  export const subject = rpcSubject<Request, Reply>('petitions.petition.handover');
  export class Request extends HandoverPetitionBody {
    @IsUUID() id: string;
  }
  export type Reply = PetitionDetail;
}

/** `petitions.petition.return` (退回): a dispatched petition that is not ours goes back to the office. */
export namespace ReturnPetition {
  export const subject = rpcSubject<Request, Reply>('petitions.petition.return');
  export class Request extends PetitionsReasonRequest {}
  export type Reply = PetitionDetail;
}

/** `petitions.petition.reveal`: the petitioner's identity in plain, audited. */
export namespace RevealPetition {
  export const subject = rpcSubject<Request, Reply>('petitions.petition.reveal');
  export class Request extends RevealRequest {}
  export interface Reply {
    id: string;
    petitioner: PiiIdentityView;
  }
}

/** `petitions.audit.list`: who revealed or exported identities, why and when. */
export namespace ListIdentityAudit {
  export const subject = rpcSubject<Request, Reply>('petitions.audit.list');
  export class Request {
    @IsOptional() @Text(40) subjectType?: string;
    @IsOptional() @IsUUID() subjectId?: string;
    @IsOptional() @QueryInt(1, 500) limit?: number;
  }
  export interface Reply {
    items: import('./common').PiiIdentityAuditEntry[];
  }
}
