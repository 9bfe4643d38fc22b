import { IsEnum, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { CommitmentState, PartyOrgKind } from './labels';
import { rpcSubject } from '../common/rpc';
import { QueryBool, QueryInt, Text } from '../common/fields';

export interface PartyOrgView {
  id: string;
  gridId: string;
  gridPath: string;
  gridName: string;
  kind: PartyOrgKind;
  kindLabel: { zh: string; en: string };
  name: string;
  members: number;
  /** the kind the size rule asks for (>=100 党委, >=50 党总支, else 党支部) */
  expectedKind: PartyOrgKind;
  mismatch: boolean;
  secretaryId: string | null;
  secretaryName: string | null;
}

export namespace ListPartyOrgs {
  export const subject = rpcSubject<Request, Reply>('registry.party_org.list');
  export class Request {
    @IsOptional() @IsUUID() gridId?: string;
    @IsOptional() @IsEnum(PartyOrgKind) kind?: PartyOrgKind;
    /** only those whose kind does not match their size */
    @IsOptional() @QueryBool() mismatch?: boolean;
  }
  export interface Reply {
    items: PartyOrgView[];
    mismatches: number;
  }
}

export namespace CreatePartyOrg {
  export const subject = rpcSubject<Request, Reply>('registry.party_org.create');
  export class Request {
    @IsUUID() gridId: string;
    @IsEnum(PartyOrgKind) kind: PartyOrgKind;
    @Text(100, 2) name: string;
    @IsInt() @Min(3) @Max(100_000) members: number;
    @IsOptional() @IsUUID() secretaryId?: string;
  }
  export type Reply = PartyOrgView;
}

/** Membership changes are recorded as they happen; a resulting mismatch shows in the report. */
export namespace UpdatePartyOrg {
  export const subject = rpcSubject<Request, Reply>('registry.party_org.update');
  export class Request {
    @IsUUID() id: string;
    @IsOptional() @IsEnum(PartyOrgKind) kind?: PartyOrgKind;
    @IsOptional() @Text(100, 2) name?: string;
    @IsOptional() @IsInt() @Min(0) @Max(100_000) members?: number;
    @IsOptional() @IsUUID() secretaryId?: string;
  }
  export type Reply = PartyOrgView;
}

/** Party members' commitments (党员承诺): pledged publicly, then fulfilled (践诺). */
export interface CommitmentView {
  id: string;
  partyOrgId: string;
  memberName: string;
  staffId: string | null;
  content: string;
  year: number;
  state: CommitmentState;
  stateLabel: { zh: string; en: string };
  pledgedAt: string;
  fulfilledAt: string | null;
  fulfilmentNote: string | null;
}

export namespace ListCommitments {
  export const subject = rpcSubject<Request, Reply>('registry.commitment.list');
  export class Request {
    @IsUUID() partyOrgId: string;
    @IsOptional() @QueryInt(2000, 2100) year?: number;
  }
  export interface Reply {
    items: CommitmentView[];
  }
}

export namespace CreateCommitment {
  export const subject = rpcSubject<Request, Reply>('registry.commitment.create');
  export class Request {
    @IsUUID() partyOrgId: string;
    @Text(50, 1) memberName: string;
    @IsOptional() @IsUUID() staffId?: string;
    @Text(1000, 4) content: string;
    @IsInt() @Min(2000) @Max(2100) year: number;
  }
  export type Reply = CommitmentView;
}

export namespace FulfilCommitment {
  export const subject = rpcSubject<Request, Reply>('registry.commitment.fulfil');
  export class Request {
    @IsUUID() id: string;
    @Text(1000, 2) note: string;
  }
  export type Reply = CommitmentView;
}
