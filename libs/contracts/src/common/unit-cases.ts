import { Unit } from './actor';

/**
 * How the office (一办) hands a problem to a unit of "122" and follows it back, by events only:
 * the office emits `office.incident.dispatched` (data.unit set); the unit's service consumes it,
 * opens its own case idempotently (petition or dispute, enforcement case, service request,
 * organisation task) and emits the events below with `incidentId`; the office consumes those and
 * moves the incident (accepted → handled; a unit's "returned" sends it back to dispatch).
 * Nothing is lost when either side is down: both ends are outbox + durable consumer.
 */
export const UNIT_CASE_EVENTS = {
  [Unit.Organisation]: {
    opened: 'registry.task.opened',
    handled: 'registry.task.handled',
    closed: 'registry.task.closed',
    returned: 'registry.task.returned',
  },
  [Unit.Petitions]: {
    opened: 'petitions.case.opened',
    handled: 'petitions.case.handled',
    closed: 'petitions.case.closed',
    returned: 'petitions.case.returned',
  },
  [Unit.Social]: {
    opened: 'social.request.opened',
    handled: 'social.request.handled',
    closed: 'social.request.closed',
    returned: 'social.request.returned',
  },
  [Unit.Enforcement]: {
    opened: 'enforcement.case.opened',
    handled: 'enforcement.case.handled',
    closed: 'enforcement.case.closed',
    returned: 'enforcement.case.returned',
  },
} as const satisfies Record<Unit, { opened: string; handled: string; closed: string; returned: string }>;

/** Data of every unit-case event above. */
export interface UnitCaseEventData {
  unit: Unit;
  /** The office incident this case was opened for; null for a unit's own case. */
  incidentId: string | null;
  caseId: string;
  /** e.g. 'enforcement_case' | 'petition' | 'dispute' | 'service_request' | 'organisation_task' */
  caseType: string;
  /** Human-readable reference of the unit's case. */
  caseRef: string;
  /**
   * Who did it (account id; v2: no name, issue 20 item 8 — a reader names them from the id,
   * the office through the registry's staff directory) and their note: the result fed back, the
   * reason for returning.
   */
  byId?: string | null;
  note?: string | null;
  /** For `closed`: fixed | closed_not_fixed | not_responsible | referred. */
  closureType?: string | null;
  /** For a `fixed` closure: where it was settled (解决层级: grid | community | street | district), e.g. a dispute's settled level. */
  resolutionLevel?: string | null;
  photos?: string[];
}

/** The unit-case event types of one unit (or of every unit). */
export type UnitCaseEventType<U extends Unit = Unit> = (typeof UNIT_CASE_EVENTS)[U][keyof (typeof UNIT_CASE_EVENTS)[U]];
