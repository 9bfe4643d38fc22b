import { IsEnum, IsOptional, IsUUID } from 'class-validator';
import { Page } from '../common/pagination';
import { EnforcementInspectionView, RectificationNoticeView } from './case';
import { EnforcementCategory, RectificationNoticeStatus } from './labels';
import { rpcSubject } from '../common/rpc';
import { GridPath, QueryBool, QueryInt, Text } from '../common/fields';


/** `enforcement.notice.list`: notices, e.g. `overdue=true` for those past their re-inspection date. */
export namespace ListRectificationNotices {
  export const subject = rpcSubject<Request, Reply>('enforcement.notice.list');
  export class Request {
    @IsOptional() @QueryBool() overdue?: boolean;
    @IsOptional() @IsEnum(RectificationNoticeStatus) status?: RectificationNoticeStatus;
    @IsOptional() @IsEnum(EnforcementCategory) category?: EnforcementCategory;
    @IsOptional() @GridPath() gridPath?: string;
    @IsOptional() @QueryInt(1, 500) limit?: number;
  }
  export type Reply = { items: RectificationNoticeView[] };
}

/** `enforcement.inspection.list`: inspections and re-inspections in scope, newest first. */
export namespace ListEnforcementInspections {
  export const subject = rpcSubject<Request, Reply>('enforcement.inspection.list');
  export class Request {
    @IsOptional() @IsUUID() caseId?: string;
    @IsOptional() @GridPath() gridPath?: string;
    @IsOptional() @QueryInt(1, 500) limit?: number;
    @IsOptional() @Text(200) cursor?: string;
  }
  export type Reply = Page<EnforcementInspectionView>;
}
