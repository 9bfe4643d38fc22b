import { ArrayMaxSize, IsArray, IsEnum, IsOptional, IsUrl, IsUUID } from 'class-validator';
import { ClosureType } from '../office/events';
import { TaskState } from './labels';
import { rpcSubject } from '../common/rpc';
import { IdRequest } from '../common/primitives';
import { QueryInt, Text } from '../common/fields';

/** An organisation task (基层组织建设组任务): a problem the office dispatched to this group. */
export interface OrganisationTaskView {
  id: string;
  ref: string;
  incidentId: string | null;
  incidentCode: string | null;
  title: string;
  keyArea: string;
  category: string | null;
  gridId: string | null;
  gridPath: string;
  address: string | null;
  state: TaskState;
  stateLabel: { zh: string; en: string };
  deadline: string | null;
  note: string | null;
  closureType: string | null;
  photos: string[];
  openedAt: string;
  handledAt: string | null;
  closedAt: string | null;
  returnedAt: string | null;
  updatedByName: string | null;
}

export namespace ListOrganisationTasks {
  export const subject = rpcSubject<Request, Reply>('registry.task.list');
  export class Request {
    @IsOptional() @IsEnum(TaskState) state?: TaskState;
    @IsOptional() @IsUUID() incidentId?: string;
    @IsOptional() @QueryInt(1, 200) limit?: number;
    @IsOptional() @Text(200) cursor?: string;
  }
  export interface Reply {
    items: OrganisationTaskView[];
    nextCursor: string | null;
  }
}

export namespace GetOrganisationTask {
  export const subject = rpcSubject<Request, Reply>('registry.task.get');
  export class Request extends IdRequest {}
  export type Reply = OrganisationTaskView;
}

/** open → handled (result fed back, 反馈). */
export namespace HandleOrganisationTask {
  export const subject = rpcSubject<Request, Reply>('registry.task.handle');
  export class Request {
    @IsUUID() id: string;
    @Text(2000, 2) note: string;
    @IsOptional() @IsArray() @ArrayMaxSize(9) @IsUrl({ require_tld: false }, { each: true }) photos?: string[];
  }
  export type Reply = OrganisationTaskView;
}

/** open | handled → closed, with how it ended. */
export namespace CloseOrganisationTask {
  export const subject = rpcSubject<Request, Reply>('registry.task.close');
  export class Request {
    @IsUUID() id: string;
    @IsEnum(ClosureType) closureType: ClosureType;
    @IsOptional() @Text(2000) note?: string;
  }
  export type Reply = OrganisationTaskView;
}

/** open → returned to the office (not this group's business, 退回), with the reason. */
export namespace ReturnOrganisationTask {
  export const subject = rpcSubject<Request, Reply>('registry.task.return');
  export class Request {
    @IsUUID() id: string;
    @Text(2000, 2) reason: string;
  }
  export type Reply = OrganisationTaskView;
}
