import { Actor, Role, Unit } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { narrowScope } from '@grid122/access';

/**
 * Who may do what with the enforcement team's records. Reads: the team, the street command,
 * district viewers, admins, and department liaisons (only their department's categories and
 * operations). Writes: the team, the street command and admins. Everything is further limited to
 * the actor's grid scope in SQL.
 */
export function canRead(a: Actor): boolean {
  return (
    a.role === Role.Admin ||
    a.role === Role.StreetCommander ||
    a.role === Role.DistrictViewer ||
    a.role === Role.DepartmentLiaison ||
    (a.role === Role.UnitMember && a.unit === Unit.Enforcement)
  );
}

export function canWrite(a: Actor): boolean {
  return a.role === Role.Admin || a.role === Role.StreetCommander || (a.role === Role.UnitMember && a.unit === Unit.Enforcement);
}

/** Identities of a case's subject are shown in clear only to those who serve notices on them. */
export function seesIdentities(a: Actor): boolean {
  return a.role === Role.StreetCommander || (a.role === Role.UnitMember && a.unit === Unit.Enforcement);
}

export function assertRead(a: Actor): void {
  if (!canRead(a)) throw AppError.forbidden('Only the enforcement team, the command centre and department liaisons see enforcement records');
}

export function assertWrite(a: Actor): void {
  if (!canWrite(a)) throw AppError.forbidden('Only the enforcement team or the command centre may change enforcement records');
}

/** A liaison sees by department: the department id, or a sentinel that matches nothing. */
export function liaisonDepartment(a: Actor): string | null {
  if (a.role !== Role.DepartmentLiaison) return null;
  return a.departmentId ?? '00000000-0000-0000-0000-000000000000';
}

/** The grid subtree to query: the requested root narrowed to the actor's scope (403 outside it). */
export function scopeFor(a: Actor, requested?: string | null): string {
  const s = narrowScope(a.scope ?? '', requested ?? null);
  if (s === null) throw AppError.forbidden(`Grid ${requested} is outside your scope ${a.scope}`);
  return s;
}
