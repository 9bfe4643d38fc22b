import { Actor, RegistryErrorCode, Role, Unit } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';

/**
 * Who may change the registry: the admin, the street command centre and the
 * grassroots-organisation-building group (基层组织建设组), always inside their own scope.
 */
export function assertCanWrite(actor: Actor): void {
  if (actor.role === Role.Admin || actor.role === Role.StreetCommander) return;
  if (actor.role === Role.UnitMember && actor.unit === Unit.Organisation) return;
  throw AppError.forbidden('Only the street command centre or the organisation group may change the grid registry');
}

/** The organisation group works its tasks (and the admin); the commander only reads them. */
export function assertOrganisationUnit(actor: Actor): void {
  if (actor.role === Role.Admin) return;
  if (actor.role === Role.UnitMember && actor.unit === Unit.Organisation) return;
  throw AppError.forbidden('Only the grassroots-organisation-building group works organisation tasks');
}

/** Organisation tasks are read by the group, the command centre and the district (within scope). */
export function assertCanReadTasks(actor: Actor): void {
  if (([Role.Admin, Role.StreetCommander, Role.DistrictViewer] as readonly Role[]).includes(actor.role)) return;
  if (actor.role === Role.UnitMember && actor.unit === Unit.Organisation) return;
  throw AppError.forbidden('Organisation tasks are for the organisation group and the command centre');
}

/**
 * Who may reveal a staff member's phone in full (every list and view masks it for every role): the
 * command and the organisation group, who call them; never the system admin, the auditor or the
 * security admin (三员分立: they see no one's phone).
 */
export function mayRevealPhones(actor: Actor): boolean {
  return actor.role === Role.StreetCommander || (actor.role === Role.UnitMember && actor.unit === Unit.Organisation);
}

/** The ltree scope as a query parameter: '' (admin, platform with no scope) is the ancestor of every path. */
export const scopeParam = (actor: Actor): string => actor.scope ?? '';

/** Outside the caller's scope a grid does not exist for them: REGISTRY_GRID_NOT_FOUND (404), never 403. */
export const gridNotFound = (id: string): AppError => new AppError(RegistryErrorCode.GridNotFound, `Grid ${id} not found`, { id });

/** The grid a scoped read found (`findInScope`, `lockInScope`), else gridNotFound. */
export function foundGrid<T>(row: T | null, id: string): T {
  if (!row) throw gridNotFound(id);
  return row;
}

/** TypeORM's postgres driver answers UPDATE/DELETE … RETURNING with [rows, affected]; INSERT/SELECT with rows. */
export function returnedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}
