import { Actor, inAudience, OfficeErrorCode, Role, Unit } from '@grid122/contracts';
import { isWithinScope } from '@grid122/access';
import { AppError } from '@grid122/messaging';
import { incidentAudience } from './incident-audience';
import { ActorKind } from './incident-state-machine';
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
  return isWithinScope(row.grid_path, actor.scope) && inAudience(actor, incidentAudience(assigneesOf(row))) && actor.role !== Role.Auditor;
}

/** The row when the account may see it, else OFFICE_INCIDENT_NOT_FOUND naming the id (another street's ids are not found either). */
export function visibleOr404(actor: Actor, row: IncidentRow | undefined | null, id: string): IncidentRow {
  if (!row || !isVisible(actor, row)) throw new AppError(OfficeErrorCode.IncidentNotFound, `Incident ${id} not found`, { id });
  return row;
}

/** What an account is to an incident, for the state machine's `by` (commander, assignee, grid worker, reporter). */
export function kindsOf(actor: Actor, row: IncidentRow): Set<ActorKind> {
  const kinds = new Set<ActorKind>();
  if (actor.role === Role.StreetCommander || actor.role === Role.Admin) kinds.add('commander');
  if (actor.role === Role.UnitMember && actor.unit && (row.unit === actor.unit || row.lead_unit === actor.unit || row.assist_units.includes(actor.unit))) kinds.add('assignee');
  if (actor.role === Role.DepartmentLiaison && actor.departmentId && (row.department_id === actor.departmentId || row.lead_department_id === actor.departmentId || row.assist_department_ids.includes(actor.departmentId))) kinds.add('assignee');
  // 社区工作站 verifies and sends back work in its community as the grid does (核查).
  if ((actor.role === Role.GridWorker || actor.role === Role.CommunityStation) && isWithinScope(row.grid_path, actor.scope)) kinds.add('grid_worker');
  if (row.reporter_account_id && row.reporter_account_id === actor.id) kinds.add('reporter');
  return kinds;
}

/** The unit or department a doer acts for on an incident (a unit's service, a member, a liaison; else whoever it is out with). */
export function assigneeOf(doer: Doer, row: IncidentRow): { unit?: Unit; departmentId?: string } {
  if (doer.unit) return { unit: doer.unit };
  const a = doer.actor!;
  if (a.role === Role.UnitMember && a.unit) return { unit: a.unit };
  if (a.role === Role.DepartmentLiaison && a.departmentId) return { departmentId: a.departmentId };
  return { unit: row.unit ?? undefined, departmentId: row.department_id ?? undefined };
}
