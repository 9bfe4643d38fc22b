import { Actor, Role } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { narrowScope } from '@grid122/access';

/**
 * Who sees which appraisal rows: a grid worker only their own person scores; a department liaison
 * only the seconded staff of their department; everyone else the grid subtree of their scope
 * (commanders their street, district viewers every street of the district, admin all).
 */
export interface ViewScope {
  /** ltree path ('' = everything) */
  path: string;
  /** restrict person rows to this person */
  personId: string | null;
  /** restrict person rows to seconded staff of this department (and hide grid rows) */
  departmentId: string | null;
}

export function viewScope(actor: Actor, requestedPath?: string | null): ViewScope {
  const path = narrowScope(actor.scope ?? '', requestedPath ?? null);
  if (path === null) throw AppError.forbidden(`Grid ${requestedPath} is outside your scope ${actor.scope}`);
  if (actor.role === Role.GridWorker) return { path, personId: actor.id, departmentId: null };
  if (actor.role === Role.DepartmentLiaison) {
    if (!actor.departmentId) throw AppError.forbidden('A department liaison account without a department');
    return { path, personId: null, departmentId: actor.departmentId };
  }
  return { path, personId: null, departmentId: null };
}
