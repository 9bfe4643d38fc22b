import { IsBoolean, IsEnum, IsOptional, IsUUID } from 'class-validator';
import { Transform } from 'class-transformer';
import { Page } from '../common/pagination';
import { EnforcementInspectionView, RectificationNoticeView } from './case';
import { EnforcementCategory, RectificationNoticeStatus } from './labels';
import { rpcSubject } from '../common/rpc';
import { Text, QueryInt, GridPath } from '../common/fields';

const toBool = ({ value }: { value: unknown }) => (typeof value === 'boolean' ? value : value === 'true' || value === '1');

/** `enforcement.notice.list`: notices, e.g. `overdue=true` for those past their re-inspection date. */
export namespace ListRectificationNotices {
  export const subject = rpcSubject<Request, Reply>('enforcement.notice.list');
  export class Request {
    @IsOptional() @Transform(toBool) @IsBoolean() overdue?: boolean;
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
