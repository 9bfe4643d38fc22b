import { EnforcementErrorCode } from '@grid122/contracts';

/** HTTP status of every enforcement error code (a Record: a new code does not compile until listed). */
export const ENFORCEMENT_STATUS: Record<EnforcementErrorCode, number> = {
  [EnforcementErrorCode.CaseNotFound]: 404,
};
