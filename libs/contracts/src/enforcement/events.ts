import { KeyArea } from '../common/key-areas';
import { Unit } from '../common/actor';
import { UNIT_CASE_EVENTS, UnitCaseEventData } from '../common/unit-cases';

/**
 * Domain events of the enforcement service (`enforcement.<aggregate>.<past-tense>`), published on
 * JetStream as `evt.<type>` through the outbox.
 *
 * The four case events are the unit-case contract with the office (common/unit-cases.ts), data
 * `UnitCaseEventData` with `unit: 'enforcement'`, `caseType: 'enforcement_case'`:
 * - opened: a case was opened (incidentId set when it came from an `office.incident.dispatched`);
 * - handled: the case reached complied / not confirmed / penalty decided / forced measure / referred
 *   (the office moves its incident to handled);
 * - closed: with `closureType` (fixed | closed_not_fixed | referred);
 * - returned: not the team's matter; the office sends the incident back to dispatch.
 *
 * A case the team opens itself (its own patrol finding) has incidentId null in all of them, and
 * is announced to the office by `enforcement.finding.reported` (FindingReportedData) so the office
 * opens the matching incident in its ledger; the office links that incident to the case by
 * `caseId` and follows the later case events by `caseId`.
 */
export const EnforcementEvents = {
  CaseOpened: UNIT_CASE_EVENTS[Unit.Enforcement].opened,
  CaseHandled: UNIT_CASE_EVENTS[Unit.Enforcement].handled,
  CaseClosed: UNIT_CASE_EVENTS[Unit.Enforcement].closed,
  CaseReturned: UNIT_CASE_EVENTS[Unit.Enforcement].returned,
  /** A case opened on the team's own patrol: the office should open an incident for the ledger. */
  FindingReported: 'enforcement.finding.reported',
  /** A member department had not acknowledged an operation's call-up when it started (to the commander). */
  OperationUnacknowledged: 'enforcement.operation.unacknowledged',
  OperationCreated: 'enforcement.operation.created',
  OperationResultRecorded: 'enforcement.operation.result_recorded',
  /** A rectification notice (整改通知书) was issued on a case: data NoticeEventData. */
  NoticeIssued: 'enforcement.notice.issued',
  /** A re-inspection found a rectification notice complied with: data NoticeEventData. */
  NoticeComplied: 'enforcement.notice.complied',
} as const;

/** Data of `enforcement.notice.issued` / `.complied`: the case's unit-case data and the notice. */
export interface NoticeEventData {
  unit: Unit;
  caseId: string;
  caseRef: string;
  incidentId: string | null;
  noticeId: string;
  /** v2: the account id only (no name in an event, issue 20 item 8). */
  byId: string;
  gridPath: string;
}
export type EnforcementEventType = (typeof EnforcementEvents)[keyof typeof EnforcementEvents];

/** `caseType` of every enforcement unit-case event. */
export const ENFORCEMENT_CASE_TYPE = 'enforcement_case';

/**
 * Data of `enforcement.finding.reported`: everything the office needs to take the finding into
 * its ledger as an incident (source 'enforcement_patrol'), already handled by the enforcement
 * unit. Idempotency key for the office: `caseId` (one incident per case).
 */
export interface FindingReportedData {
  unit: typeof Unit.Enforcement;
  caseId: string;
  caseRef: string;
  title: string;
  description: string;
  keyArea: KeyArea;
  /** The enforcement category code (one of the 13; see ENFORCEMENT_CATEGORY_LABELS). */
  category: string;
  categoryLabel: string;
  gridPath: string;
  gridId: string | null;
  location: { lng: number; lat: number } | null;
  address: string | null;
  /** account id of the officer who recorded the finding (v2: no name, issue 20 item 8) */
  reportedById: string;
  foundAt: string;
  /** set when a joint operation (联合执法) found it at a place target: the office names it in the history */
  operation?: { id: string; ref: string; name: string; targetId: string } | null;
}

/** Data of `enforcement.operation.unacknowledged`. */
export interface OperationUnacknowledgedData {
  operationId: string;
  operationRef: string;
  name: string;
  startsAt: string;
  /** v2: the commander's account id only (no name in an event, issue 20 item 8) */
  commanderId: string | null;
  departments: { departmentId: string; departmentName: string }[];
}

/**
 * Data of the enforcement case events (`enforcement.case.*`): the unit-case data, and for a case
 * the team opened on its own patrol what it found; for `handled` the state it reached.
 */
export interface EnforcementCaseEventData extends UnitCaseEventData {
  /** handled: the case state that counts as handled (complied, penalty_decided …) */
  outcome?: string;
  title?: string;
  keyArea?: KeyArea;
  category?: string;
  gridPath?: string;
  location?: { lng: number; lat: number } | null;
  address?: string | null;
}

/** Data of `enforcement.operation.created` (联合执法). */
export interface OperationCreatedData {
  operationId: string;
  ref: string;
  name: string;
  startsAt: string;
  endsAt: string;
  departments: { departmentId: string; name: string }[];
}

/** Data of `enforcement.operation.result_recorded`: one target's result. */
export interface OperationResultRecordedData {
  operationId: string;
  targetId: string;
  inspected: boolean;
  violationFound: boolean;
  noticesIssued: number;
  penaltyAmount: number;
  demolishedAreaM2: number;
  caseId: string | null;
}
