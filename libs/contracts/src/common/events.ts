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
  /** The version of the data's shape (EVENT_VERSIONS in libs/contracts/src/events.ts); absent on events written before versions. */
  version?: number;
  data: T;
}
