import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEnum,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PiiIdentityInput, PiiIdentityView, PetitionsListQuery, PiiRevealRequest } from './common';
import { DisputeState, DisputeType, MediatorKind, SessionResult, SettledLevel } from './labels';
import { rpcSubject } from '../common/rpc';
import { GRID_PATH_MESSAGE, GRID_PATH_PATTERN, IdRequest } from '../common/primitives';

export class DisputePartyInput extends PiiIdentityInput {
  /** 申请人 / 被申请人 / 第三人 */
  @IsOptional()
  @IsIn(['applicant', 'respondent', 'third_party'])
  side?: 'applicant' | 'respondent' | 'third_party';
}

export class PetitionsMediatorInput {
  @IsEnum(MediatorKind)
  kind: MediatorKind;

  @IsString()
  @MinLength(1)
  @MaxLength(50)
  name: string;

  @IsOptional()
  @IsUUID()
  accountId?: string;
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
    @IsEnum(DisputeType)
    type: DisputeType;

    @IsString()
    @MinLength(4)
    @MaxLength(4000)
    summary: string;

    @IsString()
    @Matches(GRID_PATH_PATTERN, GRID_PATH_MESSAGE)
    gridPath: string;

    @IsOptional()
    @IsUUID()
    gridId?: string;

    @IsArray()
    @ArrayMinSize(2, { message: 'parties must list two or more parties' })
    @ArrayMaxSize(50)
    @ValidateNested({ each: true })
    @Type(() => DisputePartyInput)
    parties: DisputePartyInput[];

    @IsOptional()
    @IsArray()
    @ArrayMaxSize(10)
    @ValidateNested({ each: true })
    @Type(() => PetitionsMediatorInput)
    mediators?: PetitionsMediatorInput[];
  }
  export type Reply = DisputeView;
}

export namespace ListDisputes {
  export const subject = rpcSubject<Request, Reply>('petitions.dispute.list');
  export class Request extends PetitionsListQuery {
    @IsOptional()
    @IsEnum(DisputeState)
    state?: DisputeState;

    @IsOptional()
    @IsEnum(DisputeType)
    type?: DisputeType;
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
    @IsUUID()
    id: string;
  }
  export type Reply = DisputeView;
}

export class RecordSessionBody {
  @IsISO8601()
  heldAt: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  place?: string;

  @IsArray()
  @ArrayMinSize(1, { message: 'mediators must name at least one mediator' })
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => PetitionsMediatorInput)
  mediators: PetitionsMediatorInput[];

  @IsString()
  @MinLength(2)
  @MaxLength(8000)
  summary: string;

  /** `continued` keeps mediating; `agreement` and `failed` need the outcome fields below. */
  @IsEnum(SessionResult)
  result: SessionResult;

  /** 调解协议: for an agreement. */
  @ValidateIf((o: RecordSessionBody) => o.result === SessionResult.Agreement)
  @IsString()
  @MinLength(4)
  @MaxLength(8000)
  agreementTerms?: string;

  /** Where it was settled: for an agreement. */
  @ValidateIf((o: RecordSessionBody) => o.result === SessionResult.Agreement)
  @IsEnum(SettledLevel)
  settledLevel?: SettledLevel;

  @ValidateIf((o: RecordSessionBody) => o.result === SessionResult.Failed)
  @IsString()
  @MinLength(4)
  @MaxLength(2000)
  failureReason?: string;

  /** Referred to (转办): court, labour arbitration, the district … */
  @ValidateIf((o: RecordSessionBody) => o.result === SessionResult.Failed)
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  referredTo?: string;
}
/** `petitions.dispute.session.record` (调解记录): a mediation session and, when final, the outcome. */
export namespace RecordMediationSession {
  export const subject = rpcSubject<Request, Reply>('petitions.dispute.session.record');
  export class Request extends RecordSessionBody {
    @IsUUID()
    id: string;
  }
  export type Reply = DisputeView;
}

export class CloseDisputeBody {
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
export namespace CloseDispute {
  export const subject = rpcSubject<Request, Reply>('petitions.dispute.close');
  export class Request extends CloseDisputeBody {
    @IsUUID()
    id: string;
  }
  export type Reply = DisputeView;
}

export class ReturnDisputeBody {
  @IsString()
  @MinLength(4)
  @MaxLength(2000)
  reason: string;
}
export namespace ReturnDispute {
  export const subject = rpcSubject<Request, Reply>('petitions.dispute.return');
  export class Request extends ReturnDisputeBody {
    @IsUUID()
    id: string;
  }
  export type Reply = DisputeView;
}

export namespace RevealDispute {
  export const subject = rpcSubject<Request, Reply>('petitions.dispute.reveal');
  export class Request extends PiiRevealRequest {
    @IsUUID()
    id: string;
  }
  export interface Reply {
    id: string;
    parties: DisputePartyView[];
  }
}
