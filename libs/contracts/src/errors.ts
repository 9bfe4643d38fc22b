import { APPRAISAL_HTTP_STATUS, AppraisalErrorCode } from './appraisal/errors';
import { COMMON_HTTP_STATUS, CommonErrorCode } from './common/errors';
import { ENFORCEMENT_HTTP_STATUS, EnforcementErrorCode } from './enforcement/errors';
import { GATEWAY_HTTP_STATUS, GatewayErrorCode } from './gateway/errors';
import { OFFICE_HTTP_STATUS, OfficeErrorCode } from './office/errors';
import { PETITIONS_HTTP_STATUS, PetitionsErrorCode } from './petitions/errors';
import { REGISTRY_HTTP_STATUS, RegistryErrorCode } from './registry/errors';
import { SOCIAL_HTTP_STATUS, SocialErrorCode } from './social/errors';

/** Every error code of the suite. */
export type ErrorCode =
  | CommonErrorCode
  | GatewayErrorCode
  | OfficeErrorCode
  | RegistryErrorCode
  | PetitionsErrorCode
  | EnforcementErrorCode
  | SocialErrorCode
  | AppraisalErrorCode;

/**
 * The HTTP status of every code, as each capability's table gives it: exhaustive over `ErrorCode`,
 * so a capability's table left out here does not compile. The gateway answers with it.
 */
export const ERROR_HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  ...COMMON_HTTP_STATUS,
  ...GATEWAY_HTTP_STATUS,
  ...OFFICE_HTTP_STATUS,
  ...REGISTRY_HTTP_STATUS,
  ...PETITIONS_HTTP_STATUS,
  ...ENFORCEMENT_HTTP_STATUS,
  ...SOCIAL_HTTP_STATUS,
  ...APPRAISAL_HTTP_STATUS,
};

export const ALL_ERROR_CODES = Object.keys(ERROR_HTTP_STATUS) as readonly ErrorCode[];
