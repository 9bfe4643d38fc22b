import { Unit } from '../common/actor';
import { UNIT_CASE_EVENTS } from '../common/unit-cases';

/** Domain events of the social services team, `social.<aggregate>.<past-tense>`. */
export const SocialEvents = {
  /** Unit-case events the office follows (data: UnitCaseEventData, caseType 'service_request'). */
  RequestOpened: UNIT_CASE_EVENTS[Unit.Social].opened,
  RequestHandled: UNIT_CASE_EVENTS[Unit.Social].handled,
  RequestClosed: UNIT_CASE_EVENTS[Unit.Social].closed,
  RequestReturned: UNIT_CASE_EVENTS[Unit.Social].returned,
  RequestAssigned: 'social.request.assigned',
  RequestCancelled: 'social.request.cancelled',
  /** For appraisal: a service was delivered (data: ServiceDeliveredData). */
  RequestDelivered: 'social.request.delivered',
  /** For appraisal: a household visit (进家门) was recorded (data: VisitRecordedData). */
  VisitRecorded: 'social.visit.recorded',
  /** For appraisal: a volunteer earned points (data: PointsChangedData). */
  PointsEarned: 'social.points.earned',
  PointsSpent: 'social.points.spent',
  VoucherIssued: 'social.voucher.issued',
  VoucherRedeemed: 'social.voucher.redeemed',
  RecipientRegistered: 'social.recipient.registered',
  DonationReceived: 'social.donation.received',
} as const;
export type SocialEventType = (typeof SocialEvents)[keyof typeof SocialEvents];

export const SERVICE_REQUEST_CASE_TYPE = 'service_request';

export interface ServiceDeliveredData {
  requestId: string;
  code: string;
  serviceType: string;
  gridPath: string;
  recipientId: string | null;
  incidentId: string | null;
  assigneeKind: string | null;
  assigneeVolunteerId: string | null;
  assigneeStaffId: string | null;
  hours: number | null;
  deliveredById: string;
  deliveredAt: string;
}

export interface VisitRecordedData {
  visitId: string;
  householdRef: string;
  gridId: string | null;
  gridPath: string;
  recipientId: string | null;
  visitorId: string;
  visitedAt: string;
  kind: string;
}

export interface PointsChangedData {
  /** null when the holder is a resident (居民积分户) */
  volunteerId: string | null;
  residentId?: string | null;
  /** positive for earned, negative for spent */
  delta: number;
  balance: number;
  reason: string;
  serviceRequestId: string | null;
  exchangeId: string | null;
  gridPath: string | null;
}

export interface VoucherData {
  recipientId: string;
  gridPath: string;
  amountCents: number;
  balanceCents: number;
  month: string | null;
  serviceRequestId: string | null;
}

/**
 * Data of `social.recipient.registered` (version 2): the record and its grid only. Its categories
 * (低保, 特困 … and the sensitive ones) are personal data kept encrypted by social-services; version
 * 1 carried them (the sensitive ones as 'sensitive'), and nothing read them.
 */
export interface RecipientRegisteredData {
  recipientId: string;
  gridPath: string;
}

/** Data of `social.donation.received` (爱心超市捐赠); no donor's name. */
export interface DonationReceivedData {
  donationId: string;
  donorKind: string;
  kind: string;
  moneyCents: number;
  goodsValueCents: number;
}
