import {
  DiaryCheckedData,
  DiaryFiledData,
  DiaryReviewedData,
  MeetingAttendanceData,
  MeetingDecisionClosedData,
  MeetingDecisionMadeData,
  RegistryEvents,
  EnforcementEvents,
  DomainEvent,
  IncidentEventData,
  Indicator,
  OfficeEvents,
  PetitionsEvents,
  ResolutionLevel,
  SocialEvents,
} from '@grid122/contracts';
import { isSatisfiedAnswer } from '@grid122/metrics';
import { monthOf } from '../common/month';

/** One raw fact drawn from an event: the unit `indicator_facts` stores, keyed by (event id, indicator). */
export interface FactDraft {
  indicator: Indicator;
  /** the person credited: the reporter / author / the acting staff member */
  personId: string | null;
  /** the handler credited with a closure (seconded staff): looked up by `refId` when `handlerFromRef` */
  handlerId: string | null;
  handlerFromRef?: boolean;
  gridPath: string | null;
  departmentId: string | null;
  unit: string | null;
  keyArea: string | null;
  /** the incident / petition / case the fact is about */
  refId: string | null;
  value: number;
}

export interface MappedEvent {
  month: string;
  facts: FactDraft[];
  /** who acted and in what role (to enrol seconded staff) */
  actingRole: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LTREE = /^[a-z0-9_]+(\.[a-z0-9_]+)*$/;
const uuidOr = (...xs: unknown[]): string | null => (xs.find((x) => typeof x === 'string' && UUID.test(x)) as string | undefined) ?? null;
const pathOr = (...xs: unknown[]): string | null => (xs.find((x) => typeof x === 'string' && LTREE.test(x)) as string | undefined) ?? null;

const RESOLVED: Record<ResolutionLevel, Indicator> = {
  [ResolutionLevel.Grid]: Indicator.ResolvedAtGrid,
  [ResolutionLevel.Community]: Indicator.ResolvedAtCommunity,
  [ResolutionLevel.Street]: Indicator.ResolvedAtStreet,
  [ResolutionLevel.District]: Indicator.ResolvedAtDistrict,
};

/**
 * Other services' events, each a constant of its producer's contract (the event-producers test,
 * scripts/event-producers.spec.ts, checks every one is published). One subscription was dropped
 * because nothing publishes it: `petitions.followup.overdue` (visits due are counted from the
 * recorded follow-ups; the population list shows who is overdue).
 */
export const PEER_EVENTS = {
  PetitionReplied: PetitionsEvents.PetitionReplied,
  FollowupRecorded: PetitionsEvents.FollowUpRecorded,
  DisputeSettled: PetitionsEvents.DisputeSettled,
  VisitRecorded: SocialEvents.VisitRecorded,
  RequestDelivered: SocialEvents.RequestDelivered,
  NoticeIssued: EnforcementEvents.NoticeIssued,
  NoticeComplied: EnforcementEvents.NoticeComplied,
  ComplaintVerified: PetitionsEvents.ComplaintVerified,
  // 三会一评 (issue 25): one event per member and per decision
  MeetingAttendance: RegistryEvents.MeetingAttendanceRecorded,
  DecisionMade: RegistryEvents.MeetingDecisionMade,
  DecisionClosed: RegistryEvents.MeetingDecisionClosed,
} as const;

/** The office's events the indicators read (the cases of mapEvent below). */
export const OFFICE_EVENTS_MAPPED = [
  OfficeEvents.IncidentReported,
  OfficeEvents.IncidentRegistered,
  OfficeEvents.IncidentDispatched,
  OfficeEvents.IncidentAccepted,
  OfficeEvents.IncidentHandled,
  OfficeEvents.IncidentReturned,
  OfficeEvents.IncidentReworked,
  OfficeEvents.IncidentReopened,
  OfficeEvents.IncidentEscalated,
  OfficeEvents.IncidentClosed,
  OfficeEvents.IncidentRated,
  OfficeEvents.DiaryFiled,
  OfficeEvents.DiaryChecked,
  OfficeEvents.DiaryReviewed,
] as const;

/** Every event type an indicator is fed by. */
export const MAPPED_EVENT_TYPES: readonly string[] = [...OFFICE_EVENTS_MAPPED, ...Object.values(PEER_EVENTS)];

/** Maps one domain event to the facts it contributes (pure: the same event always gives the same facts). */
export function mapEvent(event: DomainEvent): MappedEvent | null {
  const d = (event.data ?? {}) as Record<string, unknown>;
  const month = monthOf(event.occurredAt);
  const base = (indicator: Indicator, over: Partial<FactDraft> = {}): FactDraft => ({
    indicator,
    personId: null,
    handlerId: null,
    gridPath: pathOr(d.gridPath, event.gridPath),
    departmentId: uuidOr(d.departmentId),
    unit: typeof d.unit === 'string' ? d.unit : null,
    keyArea: typeof d.keyArea === 'string' ? d.keyArea : null,
    refId: null,
    value: 1,
    ...over,
  });

  if (event.type.startsWith('office.incident.')) {
    const inc = d as unknown as IncidentEventData;
    const reporter = uuidOr(inc.reportedById);
    const by = uuidOr(inc.byId, event.actorId);
    const f = (indicator: Indicator, over: Partial<FactDraft> = {}) => base(indicator, { personId: reporter, refId: inc.incidentId ?? null, ...over });
    const facts: FactDraft[] = [];
    switch (event.type) {
      case OfficeEvents.IncidentReported:
        facts.push(f(Indicator.IncidentsReported));
        break;
      case OfficeEvents.IncidentRegistered:
        facts.push(f(Indicator.IncidentsRegistered));
        break;
      case OfficeEvents.IncidentDispatched:
        facts.push(f(Indicator.IncidentsDispatched));
        break;
      case OfficeEvents.IncidentAccepted:
        facts.push(f(Indicator.IncidentsAccepted, { handlerId: by }));
        break;
      case OfficeEvents.IncidentHandled:
        // Handled and reworked count cases, once each, as the ledger's 返工率 does (docs/metrics.md).
        if (inc.firstHandled !== false) facts.push(f(Indicator.IncidentsHandled, { handlerId: by }));
        break;
      case OfficeEvents.IncidentReturned:
        // a return is the handling unit's refusal, not the reporter's fault
        facts.push(f(Indicator.IncidentsReturned, { personId: null, handlerId: by }));
        break;
      case OfficeEvents.IncidentReworked:
      case OfficeEvents.IncidentReopened:
        // The office decides (firstRework): once per case; a reopening after a closure as not ours is not rework.
        if (inc.firstRework === true) facts.push(f(Indicator.IncidentsReworked, { handlerFromRef: true }));
        break;
      case OfficeEvents.IncidentEscalated:
        facts.push(f(Indicator.IncidentsEscalated));
        break;
      case OfficeEvents.IncidentClosed: {
        facts.push(f(Indicator.IncidentsClosed, { handlerFromRef: true }));
        if (inc.closureType === 'fixed') facts.push(f(Indicator.IncidentsFixed, { handlerFromRef: true }));
        if (inc.onTime === true) facts.push(f(Indicator.IncidentsClosedOnTime, { handlerFromRef: true }));
        const level = inc.resolutionLevel ? RESOLVED[inc.resolutionLevel] : undefined;
        if (level) facts.push(f(level, { handlerFromRef: true }));
        break;
      }
      case OfficeEvents.IncidentRated:
        // The reporter's answer on the closed case counts as an answered return visit; satisfied by the one rule (docs/metrics.md).
        facts.push(f(Indicator.SurveysAnswered, { handlerFromRef: true }));
        if (isSatisfiedAnswer(inc.satisfaction, inc.closureType)) facts.push(f(Indicator.SurveysSatisfied, { handlerFromRef: true }));
        break;
      default:
        return null;
    }
    return { month, facts, actingRole: typeof inc.byRole === 'string' ? inc.byRole : null };
  }

  /** The month the fact belongs to, when the event names it (a review published after its month). */
  const ownMonth = typeof d.month === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(d.month) ? d.month : month;
  switch (event.type) {
    // 督查 (issue 25): spot-check grades, diary completeness, meetings attended, decisions kept.
    case OfficeEvents.DiaryChecked: {
      const c = d as unknown as DiaryCheckedData;
      const author = uuidOr(c.authorId);
      const points = Number(c.points);
      if (!author || !Number.isFinite(points)) return null;
      const facts = [base(Indicator.DiaryChecks, { personId: author, refId: c.checkId }), base(Indicator.DiaryCheckPoints, { personId: author, refId: c.checkId, value: Math.max(0, Math.min(100, points)) / 100 })];
      return { month: ownMonth, facts, actingRole: null };
    }
    case OfficeEvents.DiaryReviewed: {
      const r = d as unknown as DiaryReviewedData;
      const author = uuidOr(r.authorId);
      if (!author) return null;
      const expected = Math.max(0, Math.min(31, Number(r.expectedDays) || 0));
      const filed = Math.max(0, Math.min(expected, Number(r.filedDays) || 0));
      return { month: ownMonth, facts: [base(Indicator.DiaryDaysExpected, { personId: author, value: expected }), base(Indicator.DiaryDaysFiled, { personId: author, value: filed })], actingRole: null };
    }
    case PEER_EVENTS.MeetingAttendance: {
      const a = d as unknown as MeetingAttendanceData;
      const p = uuidOr(a.personId, a.staffId);
      if (!p) return null;
      const facts = [base(Indicator.MeetingsDue, { personId: p, refId: a.meetingId ?? null })];
      if (a.attended === true) facts.push(base(Indicator.MeetingsAttended, { personId: p, refId: a.meetingId ?? null }));
      return { month: ownMonth, facts, actingRole: null };
    }
    case PEER_EVENTS.DecisionMade: {
      const dm = d as unknown as MeetingDecisionMadeData;
      const p = uuidOr(dm.ownerPersonId);
      return p ? { month: ownMonth, facts: [base(Indicator.DecisionsAssigned, { personId: p, refId: dm.decisionId ?? null })], actingRole: null } : null;
    }
    case PEER_EVENTS.DecisionClosed: {
      // Kept = done by its due date; credited in the month the decision was due.
      const dc = d as unknown as MeetingDecisionClosedData;
      const p = uuidOr(dc.ownerPersonId);
      if (!p || dc.onTime !== true) return null;
      const due = typeof dc.dueOn === 'string' ? dc.dueOn.slice(0, 7) : month;
      return { month: /^\d{4}-(0[1-9]|1[0-2])$/.test(due) ? due : month, facts: [base(Indicator.DecisionsKept, { personId: p, refId: dc.decisionId ?? null })], actingRole: null };
    }
    case OfficeEvents.DiaryFiled: {
      const diary = d as unknown as DiaryFiledData;
      const author = uuidOr(diary.authorId, event.actorId);
      const facts = [base(Indicator.DiariesFiled, { personId: author, refId: diary.diaryId ?? null })];
      const visited = Number(diary.householdsVisited ?? 0);
      if (Number.isFinite(visited) && visited > 0) facts.push(base(Indicator.HouseholdVisits, { personId: author, refId: diary.diaryId ?? null, value: Math.min(visited, 10000) }));
      return { month, facts, actingRole: null };
    }
    case PEER_EVENTS.PetitionReplied: {
      const p = uuidOr(d.ownerId, d.byId, event.actorId);
      const ref = typeof d.petitionId === 'string' ? d.petitionId : null;
      const facts = [base(Indicator.PetitionsReplied, { personId: p, refId: ref })];
      if (d.onTime === true) facts.push(base(Indicator.PetitionsRepliedOnTime, { personId: p, refId: ref }));
      return { month, facts, actingRole: null };
    }
    case PEER_EVENTS.FollowupRecorded: {
      // data.personId is the person followed up (a special population), never credited; the visitor is.
      const p = uuidOr(d.visitorId, d.byId, event.actorId);
      const ref = typeof d.followUpId === 'string' ? d.followUpId : null;
      const facts = [base(Indicator.FollowupsDue, { personId: p, refId: ref })];
      if (d.late !== true) facts.push(base(Indicator.FollowupsDone, { personId: p, refId: ref }));
      return { month, facts, actingRole: null };
    }
    case PEER_EVENTS.DisputeSettled:
      return { month, facts: [base(Indicator.DisputesSettled, { personId: uuidOr(d.byId, d.mediatorId, event.actorId), refId: typeof d.disputeId === 'string' ? d.disputeId : null })], actingRole: null };
    case PEER_EVENTS.VisitRecorded:
      return { month, facts: [base(Indicator.HouseholdVisits, { personId: uuidOr(d.visitorId, d.byId, event.actorId), refId: typeof d.visitId === 'string' ? d.visitId : null })], actingRole: null };
    case PEER_EVENTS.RequestDelivered:
      return { month, facts: [base(Indicator.ServicesDelivered, { personId: uuidOr(d.deliveredById, d.byId, event.actorId), refId: typeof d.requestId === 'string' ? d.requestId : null })], actingRole: null };
    case PEER_EVENTS.NoticeIssued:
      return { month, facts: [base(Indicator.NoticesIssued, { personId: uuidOr(d.byId, event.actorId) })], actingRole: null };
    case PEER_EVENTS.NoticeComplied:
      return { month, facts: [base(Indicator.NoticesComplied, { personId: uuidOr(d.byId, event.actorId) })], actingRole: null };
    case PEER_EVENTS.ComplaintVerified: {
      // A verified complaint (查实投诉) against a person: one bars "excellent" at year end.
      const against = uuidOr(d.personId);
      if (!against) return null;
      return { month, facts: [base(Indicator.ComplaintsVerified, { personId: against, refId: typeof d.complaintId === 'string' ? d.complaintId : null })], actingRole: null };
    }
  }
  return null;
}
