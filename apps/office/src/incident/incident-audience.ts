import { EventType, IncidentEventData } from '@grid122/contracts';
import type { AudienceRule, NewEvent } from '@grid122/messaging';

/** Who an incident is out with: the unit or department it is dispatched to, the lead, and the assists (协办). */
export interface IncidentAssignees {
  unit: string | null;
  leadUnit?: string | null;
  assistUnits?: string[];
  departmentId: string | null;
  leadDepartmentId?: string | null;
  assistDepartmentIds?: string[];
}

/**
 * The office's rule of whom an incident concerns, in one place: the units whose members and the
 * departments whose liaisons may see it (isVisible in incident-access.ts reads it for a request; every
 * incident event carries it in its audience, which the gateway's live feed filters by).
 */
export function incidentAudience(i: IncidentAssignees): { units: string[]; departmentIds: string[] } {
  const present = (xs: (string | null | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x))];
  return {
    units: present([i.unit, i.leadUnit, ...(i.assistUnits ?? [])]),
    departmentIds: present([i.departmentId, i.leadDepartmentId, ...(i.assistDepartmentIds ?? [])]),
  };
}

type IncidentEventType = Extract<EventType, `office.incident.${string}`>;
const isIncidentEvent = (e: NewEvent): e is NewEvent<IncidentEventType> => e.type.startsWith('office.incident.');

/** The office's audience rule (MessagingModule.forRoot): an incident event concerns the incident's assignees. */
export const officeAudience: AudienceRule = (e) => (isIncidentEvent(e) ? incidentAudience(e.data satisfies IncidentEventData) : undefined);
