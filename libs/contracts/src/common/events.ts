import { Actor, Role } from './actor';
/**
 * Domain events: facts that happened, named `<service>.<aggregate>.<past-tense>`
 * (e.g. `office.incident.dispatched`). They travel on JetStream under `evt.<type>` so the event
 * stream never captures request/reply subjects.
 */
export const EVENT_STREAM = 'GRID122_EVENTS';
export const EVENT_SUBJECT_PREFIX = 'evt.';
export const eventSubject = (type: string): string => `${EVENT_SUBJECT_PREFIX}${type}`;

export interface DomainEvent<T = unknown> {
  /** uuid, also the JetStream Nats-Msg-Id (dedup) and the inbox key (idempotent consumers). */
  id: string;
  type: string;
  /** app name of the publisher */
  source: string;
  occurredAt: string;
  /** ltree path of the place the fact belongs to, when it belongs to one (for scoping feeds). */
  gridPath?: string | null;
  actorId?: string | null;
  requestId?: string | null;
  /**
   * The aggregate whose events are applied in order (ORDERED_EVENT_FAMILIES, e.g.
   * `office.incident:<id>`) and this event's number among its events (1, 2, 3 …, in commit order).
   * Absent on other events and on events written before sequencing.
   */
  aggregate?: string;
  seq?: number;
  /**
   * Who may receive it (stamped by the producer, which owns the rule): the place, and the units
   * and departments it concerns. The live feed filters by it: within the place's scope, a unit's
   * member sees what names their unit, a department's liaison what names their department.
   * Absent on events written before audiences (those reach no unit member or liaison).
   */
  audience?: EventAudience;
  /** The version of the data's shape (EVENT_VERSIONS in libs/contracts/src/events.ts); absent on events written before versions. */
  version?: number;
  data: T;
}

/** The audience of an event (see DomainEvent.audience). */
export interface EventAudience {
  /** ltree path of the place (as the envelope's gridPath). */
  gridPath: string | null;
  /** Units (两组两队) whose members may see it: the unit it was dispatched to, lead and assists; a unit's own events. */
  units: string[];
  /** Departments whose liaisons may see it: the department it was dispatched to, lead and assists. */
  departmentIds: string[];
}

/**
 * Whether an account's role takes it into an audience (the place's scope aside): a unit member
 * only what names their unit, a department's liaison only what names their department, every
 * other role all. The live feed's filter and the office's incident visibility, one rule.
 */
export function inAudience(actor: Pick<Actor, 'role' | 'unit' | 'departmentId'>, audience: Pick<EventAudience, 'units' | 'departmentIds'> | undefined): boolean {
  if (actor.role === Role.UnitMember) return !!actor.unit && (audience?.units ?? []).includes(actor.unit);
  if (actor.role === Role.DepartmentLiaison) return !!actor.departmentId && (audience?.departmentIds ?? []).includes(actor.departmentId);
  return true;
}
