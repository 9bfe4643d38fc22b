import { ErrorCode } from '@grid122/contracts';
import { APPRAISAL_STATUS } from './status/appraisal.status';
import { COMMON_STATUS, GATEWAY_STATUS } from './status/common.status';
import { ENFORCEMENT_STATUS } from './status/enforcement.status';
import { OFFICE_STATUS } from './status/office.status';
import { PETITIONS_STATUS } from './status/petitions.status';
import { REGISTRY_STATUS } from './status/registry.status';
import { SOCIAL_STATUS } from './status/social.status';

/**
 * The one map from error code to HTTP status, assembled from one Record per capability
 * (errors/status/*.status.ts). Each Record is exhaustive over its enum, and this one over
 * `ErrorCode`: a code added to the contracts does not compile until it is mapped.
 */
const STATUS: Record<ErrorCode, number> = {
  ...COMMON_STATUS,
  ...GATEWAY_STATUS,
  ...OFFICE_STATUS,
  ...REGISTRY_STATUS,
  ...PETITIONS_STATUS,
  ...ENFORCEMENT_STATUS,
  ...SOCIAL_STATUS,
  ...APPRAISAL_STATUS,
};

export function httpStatusFor(code: ErrorCode): number {
  return STATUS[code];
}

export function httpStatusForUnknown(code: string): number {
  return STATUS[code as ErrorCode] ?? 500;
}
