import { SqlParams } from '@grid122/persistence';

/** Case visibility: the grid subtree, and for a liaison the categories their department is competent for. */
export function caseVisibility(q: SqlParams, alias: string, scope: string, liaisonDepartment: string | null): SqlParams {
  q.under(`${alias}.grid_path`, scope);
  if (liaisonDepartment) {
    q.and(`${alias}.category IN (SELECT cd.category FROM enforcement.competent_departments cd WHERE cd.department_id = ${q.p(liaisonDepartment)}::uuid)`);
  }
  return q;
}
