import { Actor, OfficeErrorCode, Role, Unit } from '@grid122/contracts';
import { isWithinScope } from '@grid122/access';
import { AppError } from '@grid122/messaging';
import { incidentAudience } from './incident-audience';
import { assigneesOf, IncidentRow } from './incident.row';

/** Who acts: an account through the API, or a unit's service through its events. */
export interface Doer {
  id: string | null;
  name: string | null;
  role: string;
  /** Set for an account (its kinds are worked out per incident); null for a unit service. */
  actor: Actor | null;
  /** For a unit's service acting through events. */
  unit?: Unit;
}

/** The account acting through the API as a doer. */
export function doerOf(actor: Actor): Doer {
  return { id: actor.id, name: actor.displayName ?? actor.username, role: actor.role, actor };
}

/** A history entry's by_* columns for a doer. */
export function byDoer(d: Doer): { by_id: string | null; by_name: string | null; by_role: string } {
  return { by_id: d.id, by_name: d.name, by_role: d.role };
}

/**
 * Whether an account may see an incident: within its scope; a unit member only what is out with
 * their unit, a liaison only their department's (incidentAudience); the auditor nothing.
 */
export function isVisible(actor: Actor, row: IncidentRow): boolean {
  if (!isWithinScope(row.grid_path, actor.scope)) return false;
  const audience = incidentAudience(assigneesOf(row));
  if (actor.role === Role.UnitMember) return !!actor.unit && audience.units.includes(actor.unit);
  if (actor.role === Role.DepartmentLiaison) return !!actor.departmentId && audience.departmentIds.includes(actor.departmentId);
  return actor.role !== Role.Auditor;
}

/** The row when the account may see it, else OFFICE_INCIDENT_NOT_FOUND naming the id (another street's ids are not found either). */
export function visibleOr404(actor: Actor, row: IncidentRow | undefined | null, id: string): IncidentRow {
  if (!row || !isVisible(actor, row)) throw new AppError(OfficeErrorCode.IncidentNotFound, `Incident ${id} not found`, { id });
  return row;
}
