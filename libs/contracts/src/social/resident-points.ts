import { IsOptional, IsUUID } from 'class-validator';
import { rpcSubject } from '../common/rpc';
import { IdRequest } from '../common/primitives';
import { Day, LtreePath, Phone, QueryInt, Text } from '../common/fields';

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
    @Text(50, 1) name: string;
    @IsOptional() @Phone() phone?: string;
    /** The resident's community or a grid inside it. */
    @LtreePath(255) gridPath: string;
  }
  export type Reply = ResidentHolderView;
}

/** Points for participation recorded by the resident's community (社区活动参与积分). */
export namespace AwardResidentPoints {
  export const subject = rpcSubject<Request, Reply>('social.resident_points.award');
  export class Request {
    @IsUUID() residentId: string;
    /** The activity taken part in, e.g. 垃圾分类宣传, 楼道清理. */
    @Text(200, 2) activity: string;
    @Day() activityDate: string;
    @QueryInt(1, 200) points: number;
  }
  export type Reply = ResidentPointsEntryView & { balance: number };
}

export namespace GetResidentHolder {
  export const subject = rpcSubject<Request, Reply>('social.resident_points.get');
  export class Request extends IdRequest {}
  export type Reply = ResidentHolderView & { ledger: ResidentPointsEntryView[] };
}
