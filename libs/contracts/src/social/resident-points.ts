import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { rpcSubject } from '../common/rpc';
import { DAY_PATTERN, GRID_PATH_PATTERN, IdRequest } from '../common/primitives';

const PHONE = /^\+?[\d\- ]{7,20}$/;

/**
 * A resident who holds love-supermarket points (居民积分户): not a registered volunteer, awarded
 * points by the community (社区) for participation. Name masked like a volunteer's for the
 * district; the phone is stored encrypted and shown masked.
 */
export interface ResidentHolderView {
  id: string;
  name: string;
  phone: string | null;
  gridPath: string;
  points: { balance: number; earned: number; spent: number };
  createdAt: string;
}

/** One line of a resident's points ledger (积分台账). */
export interface ResidentPointsEntryView {
  id: string;
  residentId: string;
  delta: number;
  balanceAfter: number;
  /** activity (社区活动参与) | exchange (积分换购) */
  reason: string;
  activityDate: string | null;
  exchangeId: string | null;
  note: string | null;
  createdAt: string;
}

export namespace RegisterResidentHolder {
  export const subject = rpcSubject<Request, Reply>('social.resident_points.register');
  export class Request {
    @IsString() @MinLength(1) @MaxLength(50) name: string;
    @IsOptional() @Matches(PHONE, { message: 'phone must be a phone number' }) phone?: string;
    /** The resident's community or a grid inside it. */
    @Matches(GRID_PATH_PATTERN, { message: 'gridPath must be an ltree path' }) @MaxLength(255) gridPath: string;
  }
  export type Reply = ResidentHolderView;
}

/** Points for participation recorded by the resident's community (社区活动参与积分). */
export namespace AwardResidentPoints {
  export const subject = rpcSubject<Request, Reply>('social.resident_points.award');
  export class Request {
    @IsUUID() residentId: string;
    /** The activity taken part in, e.g. 垃圾分类宣传, 楼道清理. */
    @IsString() @MinLength(2) @MaxLength(200) activity: string;
    @Matches(DAY_PATTERN, { message: 'activityDate must be YYYY-MM-DD' }) activityDate: string;
    @Type(() => Number) @IsInt() @Min(1) @Max(200) points: number;
  }
  export type Reply = ResidentPointsEntryView & { balance: number };
}

export namespace GetResidentHolder {
  export const subject = rpcSubject<Request, Reply>('social.resident_points.get');
  export class Request extends IdRequest {}
  export type Reply = ResidentHolderView & { ledger: ResidentPointsEntryView[] };
}
