import { IsBoolean, IsEnum, IsInt, IsISO8601, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { PetitionsListQuery, PetitionsToBool } from './common';
import { LeaderTitle, ReceptionKind, ReceptionState } from './labels';
import { rpcSubject } from '../common/rpc';
import { IdRequest } from '../common/primitives';
import { Text, GridPath } from '../common/fields';

export interface ReceptionSlotView {
  id: string;
  startsAt: string;
  endsAt: string;
  petitionId: string | null;
  petitionRef: string | null;
  bookedAt: string | null;
  outcome: string | null;
  resolved: boolean | null;
}

export interface ReceptionView {
  id: string;
  kind: ReceptionKind;
  leaderName: string;
  leaderTitle: LeaderTitle;
  topic: string;
  place: string | null;
  gridPath: string;
  startsAt: string;
  endsAt: string;
  state: ReceptionState;
  publishedAt: string | null;
  heldAt: string | null;
  outcome: string | null;
  slots: ReceptionSlotView[];
  freeSlots: number;
}

/**
 * `petitions.reception.schedule` (接访排期): a topic or appointment reception is cut into slots of
 * `slotMinutes`; a home visit is one slot for the given petition.
 */
export namespace ScheduleReception {
  export const subject = rpcSubject<Request, Reply>('petitions.reception.schedule');
  export class Request {
    @IsEnum(ReceptionKind) kind: ReceptionKind;
    @Text(50, 1) leaderName: string;
    @IsEnum(LeaderTitle) leaderTitle: LeaderTitle;
    /** 接访主题 (for a topic reception the named topic). */
    @Text(500, 2) topic: string;
    @IsOptional() @Text(200) place?: string;
    @GridPath() gridPath: string;
    @IsISO8601() startsAt: string;
    @IsISO8601() endsAt: string;
    @IsOptional() @IsInt() @Min(5) @Max(240) slotMinutes?: number;
    /** Home visits: the petition whose petitioner is visited. */
    @IsOptional() @IsUUID() petitionId?: string;
    /** Publish at once (公布接访安排). */
    @IsOptional() @IsBoolean() publish?: boolean;
  }
  export type Reply = ReceptionView;
}

export namespace ListReceptions {
  export const subject = rpcSubject<Request, Reply>('petitions.reception.list');
  export class Request extends PetitionsListQuery {
    @IsOptional() @IsEnum(ReceptionKind) kind?: ReceptionKind;
    @IsOptional() @IsEnum(ReceptionState) state?: ReceptionState;
    /** Only receptions starting from now on (the published schedule). */
    @IsOptional() @PetitionsToBool() @IsBoolean() upcoming?: boolean;
  }
  export interface Reply {
    items: ReceptionView[];
    total: number;
    limit: number;
    offset: number;
  }
}

export namespace GetReception {
  export const subject = rpcSubject<Request, Reply>('petitions.reception.get');
  export class Request extends IdRequest {}
  export type Reply = ReceptionView;
}

export namespace PublishReception {
  export const subject = rpcSubject<Request, Reply>('petitions.reception.publish');
  export class Request extends IdRequest {}
  export type Reply = ReceptionView;
}

export class BookSlotBody {
  /** The petition whose petitioner takes the slot. */
  @IsUUID() petitionId: string;
}
/** `petitions.reception.book` (预约): one petition per slot; a taken slot answers PETITIONS_SLOT_TAKEN. */
export namespace BookReceptionSlot {
  export const subject = rpcSubject<Request, Reply>('petitions.reception.book');
  export class Request extends BookSlotBody {
    @IsUUID() id: string;
    @IsUUID() slotId: string;
  }
  export type Reply = ReceptionView;
}

export class RecordSlotBody {
  @Text(4000, 2) outcome: string;
  @IsBoolean() resolved: boolean;
}
/** `petitions.reception.slot.record`: what came of one petitioner's reception. */
export namespace RecordSlotOutcome {
  export const subject = rpcSubject<Request, Reply>('petitions.reception.slot.record');
  export class Request extends RecordSlotBody {
    @IsUUID() id: string;
    @IsUUID() slotId: string;
  }
  export type Reply = ReceptionView;
}

export class RecordReceptionBody {
  @Text(4000, 2) outcome: string;
  @IsOptional() @IsISO8601() heldAt?: string;
}
/** `petitions.reception.record` (接访记录): the reception was held, with its outcome. */
export namespace RecordReception {
  export const subject = rpcSubject<Request, Reply>('petitions.reception.record');
  export class Request extends RecordReceptionBody {
    @IsUUID() id: string;
  }
  export type Reply = ReceptionView;
}

export namespace CancelReception {
  export const subject = rpcSubject<Request, Reply>('petitions.reception.cancel');
  export class Request extends IdRequest {}
  export type Reply = ReceptionView;
}
