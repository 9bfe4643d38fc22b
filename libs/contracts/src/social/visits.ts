import { IsBoolean, IsEnum, IsIn, IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { Page } from '../common/pagination';
import { SocialGridFilter } from './common-dto';
import { VisitKind } from './labels';
import { rpcSubject } from '../common/rpc';
import { LtreePath, Month, QueryInt, Text } from '../common/fields';

/** `social.visit.record`: a household visit (进家门). */
export namespace RecordHouseholdVisit {
  export const subject = rpcSubject<Request, Reply>('social.visit.record');
  export class Request {
    /** The household: the registry's household id, or building/unit/room as written on the door. */
    @Text(80, 1) householdRef: string;
    @IsOptional() @IsUUID() buildingId?: string;
    @IsOptional() @IsUUID() recipientId?: string;
    @IsOptional() @IsUUID() gridId?: string;
    /** Required unless a recipient is given. */
    @IsOptional() @LtreePath(255) gridPath?: string;
    /** default now; never in the future */
    @IsOptional() @IsISO8601() visitedAt?: string;
    @IsEnum(VisitKind) kind: VisitKind;
    @IsOptional() @Text(2000) findings?: string;
    @IsOptional() @IsBoolean() followUp?: boolean;
  }
  export type Reply = HouseholdVisitView;
}

export namespace ListHouseholdVisits {
  export const subject = rpcSubject<Request, Reply>('social.visit.list');
  export class Request extends SocialGridFilter {
    @IsOptional() @IsUUID() recipientId?: string;
    @IsOptional() @Text(80) householdRef?: string;
    @IsOptional() @IsISO8601() from?: string;
    @IsOptional() @IsISO8601() to?: string;
  }
  export type Reply = Page<HouseholdVisitView>;
}

/** Visit rate per grid: households visited in the month(s) / households on the grid. */
export namespace HouseholdVisitRate {
  export const subject = rpcSubject<Request, Reply>('social.visit.rate');
  export class Request {
    @IsOptional() @Month() from?: string;
    @IsOptional() @Month() to?: string;
    @IsOptional() @LtreePath() gridPath?: string;
    /** grid level to list: community | compound | building_cluster (default compound) */
    @IsOptional() @IsIn(['community', 'compound', 'building_cluster']) level?: 'community' | 'compound' | 'building_cluster';
    @IsOptional() @QueryInt(1, 1000) limit?: number;
  }
  export interface Reply {
    from: string;
    to: string;
    grids: { gridId: string; gridPath: string; name: string; households: number; visited: number; rate: number | null }[];
    total: { households: number; visited: number; rate: number | null };
  }
}

export interface HouseholdVisitView {
  id: string;
  householdRef: string;
  buildingId: string | null;
  recipientId: string | null;
  gridId: string | null;
  gridPath: string;
  visitor: { id: string; name: string | null };
  visitedAt: string;
  kind: VisitKind;
  kindLabel: { zh: string; en: string };
  findings: string | null;
  followUp: boolean;
  createdAt: string;
}
