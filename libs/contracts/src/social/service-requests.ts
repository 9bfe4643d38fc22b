import { IsEnum, IsIn, IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { Page } from '../common/pagination';
import { ServiceHours, SocialGridFilter, SocialMonthRange } from './common-dto';
import { AssigneeKind, RequestSource, RequestState, ServiceType } from './labels';
import { rpcSubject } from '../common/rpc';
import { GeoPoint, IdRequest } from '../common/primitives';
import { GeoPointField, LtreePath, QueryInt, Text } from '../common/fields';

/** `social.request.open`: a resident, volunteer or grid worker asks for a service (office dispatches arrive by event). */
export namespace OpenServiceRequest {
  export const subject = rpcSubject<Request, Reply>('social.request.open');
  export class Request {
    @IsEnum(ServiceType) serviceType: ServiceType;
    @IsIn([RequestSource.Resident, RequestSource.Volunteer, RequestSource.GridWorker], { message: 'source must be resident, volunteer or grid_worker' })
    source: RequestSource;
    @IsOptional() @IsUUID() recipientId?: string;
    @Text(200, 2) title: string;
    @IsOptional() @Text(2000) description?: string;
    /** Required unless a recipient is given (then the recipient's grid is used). */
    @IsOptional() @LtreePath(255) gridPath?: string;
    @IsOptional() @IsUUID() gridId?: string;
    @IsOptional() @IsUUID() buildingId?: string;
    @IsOptional() @Text(200) address?: string;
    @IsOptional() @GeoPointField() location?: GeoPoint;
    @IsOptional() @IsISO8601() scheduledFor?: string;
  }
  export type Reply = ServiceRequestView;
}

export namespace ListServiceRequests {
  export const subject = rpcSubject<Request, Reply>('social.request.list');
  export class Request extends SocialGridFilter {
    @IsOptional() @IsEnum(RequestState) state?: RequestState;
    @IsOptional() @IsEnum(ServiceType) serviceType?: ServiceType;
    @IsOptional() @IsEnum(RequestSource) source?: RequestSource;
    @IsOptional() @IsUUID() recipientId?: string;
    @IsOptional() @IsUUID() volunteerId?: string;
    @IsOptional() @IsUUID() incidentId?: string;
  }
  export type Reply = Page<ServiceRequestView>;
}

export namespace GetServiceRequest {
  export const subject = rpcSubject<Request, Reply>('social.request.get');
  export class Request extends IdRequest {}
  export type Reply = ServiceRequestView;
}

/** Assign to a volunteer (volunteerId) or a staff member (staffId = account id, staffName). */
export namespace AssignServiceRequest {
  export const subject = rpcSubject<Request, Reply>('social.request.assign');
  export class Request {
    @IsUUID() id: string;
    @IsOptional() @IsUUID() volunteerId?: string;
    @IsOptional() @IsUUID() staffId?: string;
    @IsOptional() @Text(50, 1) staffName?: string;
    @IsOptional() @Text(500) note?: string;
  }
  export type Reply = ServiceRequestView;
}

export namespace DeliverServiceRequest {
  export const subject = rpcSubject<Request, Reply>('social.request.deliver');
  export class Request {
    @IsUUID() id: string;
    @Text(2000, 2) note: string;
    /** hours served (volunteer hours are counted when the resident confirms) */
    @IsOptional() @ServiceHours() hours?: number;
    /** breakfast vouchers redeemed by this delivery, in cents, from the recipient's balance */
    @IsOptional() @QueryInt(1, 100_000) voucherCents?: number;
  }
  export type Reply = ServiceRequestView;
}

/** The resident confirms the service (recorded by staff on the resident's behalf, never by the deliverer). */
export namespace ConfirmServiceRequest {
  export const subject = rpcSubject<Request, Reply>('social.request.confirm');
  export class Request {
    @IsUUID() id: string;
    /** 1 (very dissatisfied) .. 5 (very satisfied) */
    @QueryInt(1, 5) satisfaction: number;
    @IsOptional() @Text(500) note?: string;
  }
  export type Reply = ServiceRequestView;
}

/** A service request ended without the service (撤销, 退回): which one and why. */
export class ServiceRequestReasonRequest {
  @IsUUID() id: string;
  @Text(500, 2) reason: string;
}

export namespace CancelServiceRequest {
  export const subject = rpcSubject<Request, Reply>('social.request.cancel');
  export class Request extends ServiceRequestReasonRequest {}
  export type Reply = ServiceRequestView;
}

/** Sends an office-dispatched request back to the office (not ours to handle). */
export namespace ReturnServiceRequest {
  export const subject = rpcSubject<Request, Reply>('social.request.return');
  export class Request extends ServiceRequestReasonRequest {}
  export type Reply = ServiceRequestView;
}

export interface ServiceRequestView {
  id: string;
  code: string;
  serviceType: ServiceType;
  serviceTypeLabel: { zh: string; en: string };
  source: RequestSource;
  sourceLabel: { zh: string; en: string };
  state: RequestState;
  stateLabel: { zh: string; en: string };
  incidentId: string | null;
  incidentCode: string | null;
  recipient: { id: string; name: string } | null;
  title: string;
  description: string | null;
  gridId: string | null;
  gridPath: string;
  buildingId: string | null;
  address: string | null;
  location: { lng: number; lat: number } | null;
  scheduledFor: string | null;
  assignee: { kind: AssigneeKind; volunteerId: string | null; staffId: string | null; name: string } | null;
  hours: number | null;
  voucherCents: number;
  deliveryNote: string | null;
  satisfaction: number | null;
  pointsAwarded: number;
  reason: string | null;
  requestedBy: { id: string | null; name: string | null };
  deliveredById: string | null;
  createdAt: string;
  assignedAt: string | null;
  deliveredAt: string | null;
  confirmedAt: string | null;
  closedAt: string | null;
  /** the actions the state machine allows now */
  allowedActions: string[];
}

/** Services delivered per month and type, and vouchers issued/redeemed per month. */
export namespace ServiceRequestFigures {
  export const subject = rpcSubject<Request, Reply>('social.request.figures');
  export class Request extends SocialMonthRange {}
  export interface Reply {
    from: string;
    to: string;
    months: {
      month: string;
      opened: number;
      delivered: number;
      confirmed: number;
      byType: Record<string, number>;
      vouchersIssuedCents: number;
      vouchersRedeemedCents: number;
      averageSatisfaction: number | null;
    }[];
    totals: { opened: number; delivered: number; confirmed: number; vouchersIssuedCents: number; vouchersRedeemedCents: number; alarmDevicesInstalled: number; mealsDelivered: number };
    byState: Record<string, number>;
  }
}
