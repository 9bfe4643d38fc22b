import type { DomainEvent } from './common/events';
import type { UnitCaseEventData } from './common/unit-cases';
import type { DiaryCheckedData, DiaryReviewedData, DiaryFiledData, IncidentEventData, RecurrenceDetectedData, SpikeDetectedData } from './office';
import type {
  DepartmentLinkedData,
  GridChangedData,
  GridsImportedData,
  MeetingAttendanceData,
  MeetingDecisionClosedData,
  MeetingDecisionMadeData,
  MeetingHeldData,
  StaffAssignedData,
  StaffUnassignedData,
} from './registry';
import type {
  ComplaintVerifiedData,
  DisputeOpenedData,
  DisputeSettledData,
  FollowUpRecordedData,
  PetitionReceivedData,
  PetitionRepliedData,
  WarningAcknowledgedData,
  WarningIssuedData,
} from './petitions';
import type { EnforcementCaseEventData, FindingReportedData, NoticeEventData, OperationCreatedData, OperationResultRecordedData, OperationUnacknowledgedData } from './enforcement';
import type { DonationReceivedData, PointsChangedData, RecipientRegisteredData, ServiceDeliveredData, VisitRecordedData, VoucherData } from './social';
import type { ScoresComputedData, SurveyAnsweredData, SurveyNotFixedData } from './appraisal';

/**
 * The event map (事件契约): every domain event type a service publishes, with its data and the
 * version of that data. The outbox writer takes only these types with their data
 * (`outbox.add(m, { type, data })`), and consumers subscribe only to these types, their handlers
 * receiving the data typed (`consumers.consumer(name).on(type, (data, m, event) => …)`): a
 * subscription to a type no one publishes, or a field renamed on one side, does not compile.
 * scripts/event-producers.spec.ts checks that each type here is published by its owner's source.
 *
 * Adding a field (optional for consumers that may read older events) keeps the version; renaming
 * or removing one, or changing its meaning, is a new version: bump it here, and consumers read
 * `event.version` for events written before (the stream keeps 400 days).
 */
export interface EventDataMap {
  // office (一办)
  'office.incident.reported': IncidentEventData;
  'office.incident.registered': IncidentEventData;
  'office.incident.rejected': IncidentEventData;
  'office.incident.dispatched': IncidentEventData;
  'office.incident.accepted': IncidentEventData;
  'office.incident.returned': IncidentEventData;
  'office.incident.suspended': IncidentEventData;
  'office.incident.resumed': IncidentEventData;
  'office.incident.extended': IncidentEventData;
  'office.incident.handled': IncidentEventData;
  'office.incident.verified': IncidentEventData;
  'office.incident.reworked': IncidentEventData;
  'office.incident.closed': IncidentEventData;
  'office.incident.escalated': IncidentEventData;
  'office.incident.reopened': IncidentEventData;
  'office.incident.merged': IncidentEventData;
  'office.incident.unmerged': IncidentEventData;
  'office.incident.supervised': IncidentEventData;
  'office.incident.duplicate_linked': IncidentEventData;
  'office.incident.assisted': IncidentEventData;
  'office.incident.reclassified': IncidentEventData;
  'office.incident.rated': IncidentEventData;
  'office.incident.district_decided': IncidentEventData;
  'office.incident.urged': IncidentEventData;
  'office.incident.urging_acknowledged': IncidentEventData;
  'office.incident.urging_raised': IncidentEventData;
  'office.diary.filed': DiaryFiledData;
  'office.diary.checked': DiaryCheckedData;
  'office.diary.reviewed': DiaryReviewedData;
  'office.recurrence.detected': RecurrenceDetectedData;
  'office.spike.detected': SpikeDetectedData;
  // grid registry (网格)
  'registry.grid.created': GridChangedData;
  'registry.grid.changed': GridChangedData;
  'registry.grid.imported': GridsImportedData;
  'registry.staff.assigned': StaffAssignedData;
  'registry.staff.unassigned': StaffUnassignedData;
  'registry.department.linked': DepartmentLinkedData;
  'registry.meeting.held': MeetingHeldData;
  'registry.meeting_decision.closed': MeetingDecisionClosedData;
  'registry.meeting.attendance_recorded': MeetingAttendanceData;
  'registry.meeting_decision.made': MeetingDecisionMadeData;
  'registry.task.opened': UnitCaseEventData;
  'registry.task.handled': UnitCaseEventData;
  'registry.task.closed': UnitCaseEventData;
  'registry.task.returned': UnitCaseEventData;
  // petitions (信访组)
  'petitions.petition.received': PetitionReceivedData;
  'petitions.petition.replied': PetitionRepliedData;
  'petitions.dispute.settled': DisputeSettledData;
  'petitions.dispute.opened': DisputeOpenedData;
  'petitions.followup.recorded': FollowUpRecordedData;
  'petitions.warning.issued': WarningIssuedData;
  'petitions.warning.acknowledged': WarningAcknowledgedData;
  'petitions.complaint.verified': ComplaintVerifiedData;
  'petitions.case.opened': UnitCaseEventData;
  'petitions.case.handled': UnitCaseEventData;
  'petitions.case.closed': UnitCaseEventData;
  'petitions.case.returned': UnitCaseEventData;
  // enforcement (综合执法队)
  'enforcement.case.opened': EnforcementCaseEventData;
  'enforcement.case.handled': EnforcementCaseEventData;
  'enforcement.case.closed': EnforcementCaseEventData;
  'enforcement.case.returned': EnforcementCaseEventData;
  'enforcement.finding.reported': FindingReportedData;
  'enforcement.operation.unacknowledged': OperationUnacknowledgedData;
  'enforcement.operation.created': OperationCreatedData;
  'enforcement.operation.result_recorded': OperationResultRecordedData;
  'enforcement.notice.issued': NoticeEventData;
  'enforcement.notice.complied': NoticeEventData;
  // social services (社会服务队)
  'social.request.opened': UnitCaseEventData;
  'social.request.handled': UnitCaseEventData;
  'social.request.closed': UnitCaseEventData;
  'social.request.returned': UnitCaseEventData;
  'social.request.assigned': UnitCaseEventData;
  'social.request.cancelled': UnitCaseEventData;
  'social.request.delivered': ServiceDeliveredData;
  'social.visit.recorded': VisitRecordedData;
  'social.points.earned': PointsChangedData;
  'social.points.spent': PointsChangedData;
  'social.voucher.issued': VoucherData;
  'social.voucher.redeemed': VoucherData;
  'social.recipient.registered': RecipientRegisteredData;
  'social.donation.received': DonationReceivedData;
  // appraisal (考核)
  'appraisal.survey.not_fixed': SurveyNotFixedData;
  'appraisal.survey.answered': SurveyAnsweredData;
  'appraisal.scores.computed': ScoresComputedData;
}

/**
 * Every event type with the version of its data (stamped on each event as `version`). Version 2 of
 * the unit-case, notice, finding, operation-unacknowledged, petition-received and dispute-opened
 * events dropped the staff names (`byName`, `reportedByName`, `commanderName`, `receivedByName`,
 * `openedByName`; issue 20 item 8): no name or phone travels in an event; a reader names a person
 * from the id (the office through the registry's `registry.staff.names`). Version 1 events in the
 * stream still carry the name; no consumer reads it.
 */
export const EVENT_VERSIONS = {
  'office.incident.reported': 1,
  'office.incident.registered': 1,
  'office.incident.rejected': 1,
  'office.incident.dispatched': 1,
  'office.incident.accepted': 1,
  'office.incident.returned': 1,
  'office.incident.suspended': 1,
  'office.incident.resumed': 1,
  'office.incident.extended': 1,
  'office.incident.handled': 1,
  'office.incident.verified': 1,
  'office.incident.reworked': 1,
  'office.incident.closed': 1,
  'office.incident.escalated': 2,
  'office.incident.reopened': 1,
  'office.incident.merged': 1,
  'office.incident.unmerged': 1,
  'office.incident.supervised': 1,
  'office.incident.duplicate_linked': 1,
  'office.incident.assisted': 1,
  'office.incident.reclassified': 1,
  'office.incident.rated': 1,
  'office.incident.district_decided': 1,
  'office.incident.urged': 1,
  'office.incident.urging_acknowledged': 1,
  'office.incident.urging_raised': 1,
  'office.diary.filed': 1,
  'office.diary.checked': 1,
  'office.diary.reviewed': 1,
  'office.recurrence.detected': 1,
  'office.spike.detected': 1,
  'registry.grid.created': 1,
  'registry.grid.changed': 1,
  'registry.grid.imported': 1,
  'registry.staff.assigned': 1,
  'registry.staff.unassigned': 1,
  'registry.department.linked': 1,
  'registry.meeting.held': 1,
  'registry.meeting_decision.closed': 1,
  'registry.meeting.attendance_recorded': 1,
  'registry.meeting_decision.made': 1,
  'registry.task.opened': 2,
  'registry.task.handled': 2,
  'registry.task.closed': 2,
  'registry.task.returned': 2,
  'petitions.petition.received': 2,
  'petitions.petition.replied': 1,
  'petitions.dispute.settled': 1,
  'petitions.dispute.opened': 2,
  'petitions.followup.recorded': 1,
  'petitions.warning.issued': 1,
  'petitions.warning.acknowledged': 1,
  'petitions.complaint.verified': 1,
  'petitions.case.opened': 2,
  'petitions.case.handled': 2,
  'petitions.case.closed': 2,
  'petitions.case.returned': 2,
  'enforcement.case.opened': 2,
  'enforcement.case.handled': 2,
  'enforcement.case.closed': 2,
  'enforcement.case.returned': 2,
  'enforcement.finding.reported': 2,
  'enforcement.operation.unacknowledged': 2,
  'enforcement.operation.created': 1,
  'enforcement.operation.result_recorded': 1,
  'enforcement.notice.issued': 2,
  'enforcement.notice.complied': 2,
  'social.request.opened': 2,
  'social.request.handled': 2,
  'social.request.closed': 2,
  'social.request.returned': 2,
  'social.request.assigned': 2,
  'social.request.cancelled': 2,
  'social.request.delivered': 1,
  'social.visit.recorded': 1,
  'social.points.earned': 1,
  'social.points.spent': 1,
  'social.voucher.issued': 1,
  'social.voucher.redeemed': 1,
  'social.recipient.registered': 2,
  'social.donation.received': 1,
  'appraisal.survey.not_fixed': 1,
  'appraisal.survey.answered': 1,
  'appraisal.scores.computed': 1,
} as const satisfies Record<keyof EventDataMap, number>;

/** An event type of the map. */
export type EventType = keyof EventDataMap;
/** The data of an event type. */
export type EventData<K extends EventType> = EventDataMap[K];
/** An event of type K (for a union of types: the union of their events, each with its own data). */
export type TypedEvent<K extends EventType> = K extends EventType ? DomainEvent<EventDataMap[K]> & { type: K } : never;
/** Any event of the map. */
export type AnyEvent = TypedEvent<EventType>;

/** Every event type, the runtime list (the producers' check, wildcard subscriptions). */
export const EVENT_TYPES = Object.keys(EVENT_VERSIONS) as EventType[];

// The version table names exactly the map's types (a type added to one and not the other does not compile).
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const EVENT_MAP_COMPLETE: Exactly<keyof typeof EVENT_VERSIONS, EventType> = true;

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_VERSIONS, type);
}

/**
 * A subscription filter in NATS's syntax on event types: an exact type, `a.b.*` (one more token)
 * or `a.>` (everything under a). `EventsMatching<P>` is the union of the map's types it matches.
 */
export type EventFilter = EventType | `${string}.*` | `${string}.>`;
export type EventsMatching<P extends string> = P extends `${infer Pre}.>`
  ? Extract<EventType, `${Pre}.${string}`>
  : P extends `${infer Pre}.*`
    ? Exclude<Extract<EventType, `${Pre}.${string}`>, `${Pre}.${string}.${string}`>
    : Extract<EventType, P>;

/** Whether an event type matches a filter (NATS token rules). */
export function matchesFilter(type: string, filter: string): boolean {
  const t = type.split('.');
  const f = filter.split('.');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '>') return t.length > i;
    if (i >= t.length) return false;
    if (f[i] !== '*' && f[i] !== t[i]) return false;
  }
  return t.length === f.length;
}
