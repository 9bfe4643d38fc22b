import {
  APPRAISAL_HTTP_STATUS, ENFORCEMENT_HTTP_STATUS, ErrorCode, OFFICE_HTTP_STATUS, PETITIONS_HTTP_STATUS, REGISTRY_HTTP_STATUS, SOCIAL_HTTP_STATUS,
} from '@grid122/contracts';
import { COMMON_STATUS, GATEWAY_STATUS } from './status/common.status';

/**
 * The one map from error code to HTTP status: each service's codes carry theirs in its contracts
 * (`libs/contracts/src/<service>/errors.ts`, a Record exhaustive over the enum), so a service's new
 * code touches no gateway file; this map is exhaustive over `ErrorCode`, so an unmapped code does
 * not compile.
 */
const STATUS: Record<ErrorCode, number> = {
  ...COMMON_STATUS,
  ...GATEWAY_STATUS,
  ...OFFICE_HTTP_STATUS,
  ...REGISTRY_HTTP_STATUS,
  ...PETITIONS_HTTP_STATUS,
  ...ENFORCEMENT_HTTP_STATUS,
  ...SOCIAL_HTTP_STATUS,
  ...APPRAISAL_HTTP_STATUS,
};

export function httpStatusFor(code: ErrorCode): number {
  return STATUS[code];
}

export function httpStatusForUnknown(code: string): number {
  return STATUS[code as ErrorCode] ?? 500;
}
