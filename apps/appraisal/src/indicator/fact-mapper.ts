import {
  EnforcementEvents,
  EventType,
  Indicator,
  OfficeEvents,
  PetitionsEvents,
  RegistryEvents,
  ResolutionLevel,
  SocialEvents,
  TypedEvent,
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
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** The id when it is one (a system actor's id is not a person to credit). */
const uuid = (x: string | null | undefined): string | null => (typeof x === 'string' && UUID.test(x) ? x : null);
const path = (x: string | null | undefined): string | null => (typeof x === 'string' && LTREE.test(x) ? x : null);

const RESOLVED: Record<ResolutionLevel, Indicator> = {
  [ResolutionLevel.Grid]: Indicator.ResolvedAtGrid,
  [ResolutionLevel.Community]: Indicator.ResolvedAtCommunity,
  [ResolutionLevel.Street]: Indicator.ResolvedAtStreet,
  [ResolutionLevel.District]: Indicator.ResolvedAtDistrict,
};

/**
 * Other services' events, each a type of the event map (libs/contracts/src/events.ts): a type no
 * one publishes cannot be named here, and each case below reads its data's own fields.
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
} as const satisfies Record<string, EventType>;

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
] as const satisfies readonly EventType[];

/** Every event type an indicator is fed by. */
export type MappedEventType = (typeof OFFICE_EVENTS_MAPPED)[number] | (typeof PEER_EVENTS)[keyof typeof PEER_EVENTS];
export const MAPPED_EVENT_TYPES: readonly MappedEventType[] = [...OFFICE_EVENTS_MAPPED, ...Object.values(PEER_EVENTS)];

/** Where a fact belongs: the event's place, and for incidents its unit, department and key area. */
interface Place {
  gridPath?: string | null;
  departmentId?: string | null;
  unit?: string | null;
  keyArea?: string | null;
}

/** Maps one domain event to the facts it contributes (pure: the same event always gives the same facts). */
export function mapEvent(event: TypedEvent<MappedEventType>): MappedEvent | null {
  const month = monthOf(event.occurredAt);
  const base = (indicator: Indicator, place: Place, over: Partial<FactDraft> = {}): FactDraft => ({
    indicator,
    personId: null,
    handlerId: null,
    gridPath: path(place.gridPath) ?? path(event.gridPath),
    departmentId: uuid(place.departmentId),
    unit: place.unit ?? null,
    keyArea: place.keyArea ?? null,
    refId: null,
    value: 1,
    ...over,
  });
  /** The month a fact of the event belongs to, when the event names one (a review published after its month). */
  const own = (m: string | null | undefined) => (typeof m === 'string' && MONTH.test(m) ? m : month);

  switch (event.type) {
    case OfficeEvents.IncidentReported:
    case OfficeEvents.IncidentRegistered:
    case OfficeEvents.IncidentDispatched:
    case OfficeEvents.IncidentAccepted:
    case OfficeEvents.IncidentHandled:
    case OfficeEvents.IncidentReturned:
    case OfficeEvents.IncidentReworked:
    case OfficeEvents.IncidentReopened:
    case OfficeEvents.IncidentEscalated:
    case OfficeEvents.IncidentClosed:
    case OfficeEvents.IncidentRated: {
      const inc = event.data;
      const reporter = uuid(inc.reportedById);
      const by = uuid(inc.byId) ?? uuid(event.actorId);
      const place: Place = { gridPath: inc.gridPath, departmentId: inc.departmentId, unit: inc.unit, keyArea: inc.keyArea };
      const f = (indicator: Indicator, over: Partial<FactDraft> = {}) => base(indicator, place, { personId: reporter, refId: inc.incidentId, ...over });
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
      }
      return { month, facts, actingRole: inc.byRole ?? null };
    }
    // 督查 (issue 25): spot-check grades, diary completeness, meetings attended, decisions kept.
    case OfficeEvents.DiaryChecked: {
      const c = event.data;
      const author = uuid(c.authorId);
      const points = Number(c.points);
      if (!author || !Number.isFinite(points)) return null;
      const facts = [base(Indicator.DiaryChecks, c, { personId: author, refId: c.checkId }), base(Indicator.DiaryCheckPoints, c, { personId: author, refId: c.checkId, value: Math.max(0, Math.min(100, points)) / 100 })];
      return { month: own(c.month), facts, actingRole: null };
    }
    case OfficeEvents.DiaryReviewed: {
      const r = event.data;
      const author = uuid(r.authorId);
      if (!author) return null;
      const expected = Math.max(0, Math.min(31, Number(r.expectedDays) || 0));
      const filed = Math.max(0, Math.min(expected, Number(r.filedDays) || 0));
      return { month: own(r.month), facts: [base(Indicator.DiaryDaysExpected, r, { personId: author, value: expected }), base(Indicator.DiaryDaysFiled, r, { personId: author, value: filed })], actingRole: null };
    }
    case PEER_EVENTS.MeetingAttendance: {
      const a = event.data;
      const p = uuid(a.personId);
      if (!p) return null;
      const facts = [base(Indicator.MeetingsDue, a, { personId: p, refId: a.meetingId })];
      if (a.attended === true) facts.push(base(Indicator.MeetingsAttended, a, { personId: p, refId: a.meetingId }));
      return { month: own(a.month), facts, actingRole: null };
    }
    case PEER_EVENTS.DecisionMade: {
      const dm = event.data;
      const p = uuid(dm.ownerPersonId);
      return p ? { month: own(dm.month), facts: [base(Indicator.DecisionsAssigned, dm, { personId: p, refId: dm.decisionId })], actingRole: null } : null;
    }
    case PEER_EVENTS.DecisionClosed: {
      // Kept = done by its due date; credited in the month the decision was due.
      const dc = event.data;
      const p = uuid(dc.ownerPersonId);
      if (!p || dc.onTime !== true) return null;
      return { month: own(typeof dc.dueOn === 'string' ? dc.dueOn.slice(0, 7) : null), facts: [base(Indicator.DecisionsKept, dc, { personId: p, refId: dc.decisionId })], actingRole: null };
    }
    case OfficeEvents.DiaryFiled: {
      const diary = event.data;
      const author = uuid(diary.authorId) ?? uuid(event.actorId);
      const facts = [base(Indicator.DiariesFiled, diary, { personId: author, refId: diary.diaryId })];
      const visited = Number(diary.householdsVisited ?? 0);
      if (Number.isFinite(visited) && visited > 0) facts.push(base(Indicator.HouseholdVisits, diary, { personId: author, refId: diary.diaryId, value: Math.min(visited, 10000) }));
      return { month, facts, actingRole: null };
    }
    case PEER_EVENTS.PetitionReplied: {
      // The petition's owner (承办人) is credited; a petition with none, whoever replied.
      const r = event.data;
      const p = uuid(r.ownerId) ?? uuid(event.actorId);
      const facts = [base(Indicator.PetitionsReplied, r, { personId: p, refId: r.petitionId })];
      if (r.onTime === true) facts.push(base(Indicator.PetitionsRepliedOnTime, r, { personId: p, refId: r.petitionId }));
      return { month, facts, actingRole: null };
    }
    case PEER_EVENTS.FollowupRecorded: {
      // data.personId is the person followed up (a special population), never credited; the visitor is.
      const fu = event.data;
      const p = uuid(fu.visitorId) ?? uuid(event.actorId);
      const facts = [base(Indicator.FollowupsDue, fu, { personId: p, refId: fu.followUpId })];
      if (fu.late !== true) facts.push(base(Indicator.FollowupsDone, fu, { personId: p, refId: fu.followUpId }));
      return { month, facts, actingRole: null };
    }
    case PEER_EVENTS.DisputeSettled:
      // The mediator is whoever recorded the settlement (the event's actor).
      return { month, facts: [base(Indicator.DisputesSettled, event.data, { personId: uuid(event.actorId), refId: event.data.disputeId })], actingRole: null };
    case PEER_EVENTS.VisitRecorded:
      return { month, facts: [base(Indicator.HouseholdVisits, event.data, { personId: uuid(event.data.visitorId) ?? uuid(event.actorId), refId: event.data.visitId })], actingRole: null };
    case PEER_EVENTS.RequestDelivered:
      return { month, facts: [base(Indicator.ServicesDelivered, event.data, { personId: uuid(event.data.deliveredById) ?? uuid(event.actorId), refId: event.data.requestId })], actingRole: null };
    case PEER_EVENTS.NoticeIssued:
      return { month, facts: [base(Indicator.NoticesIssued, event.data, { personId: uuid(event.data.byId) ?? uuid(event.actorId) })], actingRole: null };
    case PEER_EVENTS.NoticeComplied:
      return { month, facts: [base(Indicator.NoticesComplied, event.data, { personId: uuid(event.data.byId) ?? uuid(event.actorId) })], actingRole: null };
    case PEER_EVENTS.ComplaintVerified: {
      // A verified complaint (查实投诉) against a person: one bars "excellent" at year end.
      const against = uuid(event.data.personId);
      if (!against) return null;
      return { month, facts: [base(Indicator.ComplaintsVerified, event.data, { personId: against, refId: event.data.complaintId })], actingRole: null };
    }
  }
  return null;
}
