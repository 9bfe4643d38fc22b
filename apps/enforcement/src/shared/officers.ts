import { EnforcementErrorCode, EnforcementOfficerInput, EnforcementOfficerView } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';

/**
 * 文明执法 discipline: every inspection and decision is made by at least two named officers
 * present (two distinct names). One officer alone is refused with 422 ENFORCEMENT_TWO_OFFICERS_REQUIRED.
 */
export function requireTwoOfficers(officers: EnforcementOfficerInput[] | undefined, what: string): EnforcementOfficerView[] {
  const list = (officers ?? []).map((o) => ({ name: o.name.trim(), badgeNo: o.badgeNo?.trim() || null, departmentId: o.departmentId ?? null }));
  const names = new Set(list.filter((o) => o.name.length > 0).map((o) => o.name));
  if (names.size < 2) {
    throw new AppError(
      EnforcementErrorCode.TwoOfficersRequired,
      `A ${what} must be recorded with at least two named officers present (文明执法: 两名以上执法人员); got ${names.size}`,
      { field: 'officers', required: 2, given: names.size },
    );
  }
  return list;
}
