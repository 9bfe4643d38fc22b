import { IsEnum, IsIn, IsISO8601, IsOptional, IsUUID, ValidateIf } from 'class-validator';
import { PetitionsNoteRequest, PetitionsReasonRequest, PiiIdentityInput, PiiIdentityView, PetitionsListQuery } from './common';
import { DisputeState, DisputeType, MediatorKind, SessionResult, SettledLevel } from './labels';
import { rpcSubject } from '../common/rpc';
import { RevealRequest } from '../common/requests';
import { IdRequest } from '../common/primitives';
import { Text, NestedList, GridPath } from '../common/fields';

export class DisputePartyInput extends PiiIdentityInput {
  /** 申请人 / 被申请人 / 第三人 */
  @IsOptional() @IsIn(['applicant', 'respondent', 'third_party']) side?: 'applicant' | 'respondent' | 'third_party';
}

export class PetitionsMediatorInput {
  @IsEnum(MediatorKind) kind: MediatorKind;
  @Text(50, 1) name: string;
  @IsOptional() @IsUUID() accountId?: string;
}

export interface DisputePartyView {
  id: string;
  side: string;
  identity: PiiIdentityView;
}

export interface PetitionsMediatorView {
  kind: MediatorKind;
  name: string;
  accountId: string | null;
}

export interface MediationSessionView {
  id: string;
  heldAt: string;
  place: string | null;
  mediators: PetitionsMediatorView[];
  summary: string;
  result: SessionResult;
  recordedBy: string;
}

export interface DisputeView {
  id: string;
  ref: string;
  type: DisputeType;
  summary: string;
  gridPath: string;
  gridId: string | null;
  state: DisputeState;
  parties: DisputePartyView[];
  mediators: PetitionsMediatorView[];
  sessions: MediationSessionView[];
  agreementTerms: string | null;
  settledLevel: SettledLevel | null;
  settledAt: string | null;
  failureReason: string | null;
  referredTo: string | null;
  incidentId: string | null;
  openedBy: string | null;
  openedAt: string;
  closedAt: string | null;
}

/** `petitions.dispute.open` (纠纷受理): two or more parties. */
export namespace OpenDispute {
  export const subject = rpcSubject<Request, Reply>('petitions.dispute.open');
  export class Request {
    @IsEnum(DisputeType) type: DisputeType;
    @Text(4000, 4) summary: string;
    @GridPath() gridPath: string;
    @IsOptional() @IsUUID() gridId?: string;
    @NestedList(() => DisputePartyInput, 50, { size: 2, message: 'parties must list two or more parties' }) parties: DisputePartyInput[];
    @IsOptional() @NestedList(() => PetitionsMediatorInput, 10) mediators?: PetitionsMediatorInput[];
  }
  export type Reply = DisputeView;
}

export namespace ListDisputes {
  export const subject = rpcSubject<Request, Reply>('petitions.dispute.list');
  export class Request extends PetitionsListQuery {
    @IsOptional() @IsEnum(DisputeState) state?: DisputeState;
    @IsOptional() @IsEnum(DisputeType) type?: DisputeType;
  }
  export interface Reply {
    items: DisputeView[];
    total: number;
    limit: number;
    offset: number;
  }
}

export namespace GetDispute {
  export const subject = rpcSubject<Request, Reply>('petitions.dispute.get');
  export class Request extends IdRequest {}
  export type Reply = DisputeView;
}

export class AddPartyBody extends DisputePartyInput {}
/** `petitions.dispute.party.add`: parties of a dispatched dispute are added once known. */
export namespace AddDisputeParty {
  export const subject = rpcSubject<Request, Reply>('petitions.dispute.party.add');
  export class Request extends AddPartyBody {
    @IsUUID() id: string;
  }
  export type Reply = DisputeView;
}

export class RecordSessionBody {
  @IsISO8601() heldAt: string;
  @IsOptional() @Text(200) place?: string;
  @NestedList(() => PetitionsMediatorInput, 10, { size: 1, message: 'mediators must name at least one mediator' }) mediators: PetitionsMediatorInput[];
  @Text(8000, 2) summary: string;
  /** `continued` keeps mediating; `agreement` and `failed` need the outcome fields below. */
  @IsEnum(SessionResult) result: SessionResult;
  /** 调解协议: for an agreement. */
  @ValidateIf((o: RecordSessionBody) => o.result === SessionResult.Agreement) @Text(8000, 4) agreementTerms?: string;
  /** Where it was settled: for an agreement. */
  @ValidateIf((o: RecordSessionBody) => o.result === SessionResult.Agreement) @IsEnum(SettledLevel) settledLevel?: SettledLevel;
  @ValidateIf((o: RecordSessionBody) => o.result === SessionResult.Failed) @Text(2000, 4) failureReason?: string;
  /** Referred to (转办): court, labour arbitration, the district … */
  @ValidateIf((o: RecordSessionBody) => o.result === SessionResult.Failed) @Text(200, 2) referredTo?: string;
}
/** `petitions.dispute.session.record` (调解记录): a mediation session and, when final, the outcome. */
export namespace RecordMediationSession {
  export const subject = rpcSubject<Request, Reply>('petitions.dispute.session.record');
  export class Request extends RecordSessionBody {
    @IsUUID() id: string;
  }
  export type Reply = DisputeView;
}

export namespace CloseDispute {
  export const subject = rpcSubject<Request, Reply>('petitions.dispute.close');
  export class Request extends PetitionsNoteRequest {}
  export type Reply = DisputeView;
}

export namespace ReturnDispute {
  export const subject = rpcSubject<Request, Reply>('petitions.dispute.return');
  export class Request extends PetitionsReasonRequest {}
  export type Reply = DisputeView;
}

export namespace RevealDispute {
  export const subject = rpcSubject<Request, Reply>('petitions.dispute.reveal');
  export class Request extends RevealRequest {}
  export interface Reply {
    id: string;
    parties: DisputePartyView[];
  }
}
