import { UNIT_CASE_EVENTS } from './unit-cases';

/**
 * Event families whose events of one aggregate are numbered (the envelope's `aggregate` and `seq`,
 * set by the outbox writer in commit order) so a consumer that declares `ordered` applies them in
 * that order (事件按聚合顺序处理, #22 item 2). A family is closed: a consumer that follows it
 * takes all its types, so the numbers it receives have no gaps.
 *
 * - an incident's transitions (`office.incident.*`, keyed by `incidentId`): appraisal takes the
 *   handler of a later fact from the earlier ones (`lastHandler`);
 * - each unit's own case (两组两队: opened → handled → returned / closed, keyed by `caseId`): the
 *   office moves the incident along with them, one durable per type, so they arrive side by side.
 */
export interface OrderedEventFamily {
  /** Names the aggregate: `<family>:<id>`. */
  family: string;
  /** The family's types: exact, or every type under a prefix ending in `.`. */
  types: readonly string[];
  /** The data field holding the aggregate's id. */
  key: string;
}

export const ORDERED_EVENT_FAMILIES: readonly OrderedEventFamily[] = [
  { family: 'office.incident', types: ['office.incident.'], key: 'incidentId' },
  ...Object.values(UNIT_CASE_EVENTS).map((t) => ({ family: t.opened.slice(0, t.opened.lastIndexOf('.')), types: Object.values(t) as string[], key: 'caseId' })),
];

const matches = (type: string, pattern: string) => (pattern.endsWith('.') ? type.startsWith(pattern) : type === pattern);

/** The ordered aggregate an event belongs to (`office.incident:<id>`), or null. */
export function eventAggregate(type: string, data: unknown): string | null {
  for (const f of ORDERED_EVENT_FAMILIES) {
    if (!f.types.some((p) => matches(type, p))) continue;
    const id = (data as Record<string, unknown> | null)?.[f.key];
    return typeof id === 'string' && id ? `${f.family}:${id}` : null;
  }
  return null;
}
