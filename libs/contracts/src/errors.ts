import { AppraisalErrorCode } from './appraisal/errors';
import { CommonErrorCode } from './common/errors';
import { EnforcementErrorCode } from './enforcement/errors';
import { GatewayErrorCode } from './gateway/errors';
import { OfficeErrorCode } from './office/errors';
import { PetitionsErrorCode } from './petitions/errors';
import { RegistryErrorCode } from './registry/errors';
import { SocialErrorCode } from './social/errors';

/** Every error code of the suite. The gateway's status map must list each one (it won't compile otherwise). */
export type ErrorCode =
  | CommonErrorCode
  | GatewayErrorCode
  | OfficeErrorCode
  | RegistryErrorCode
  | PetitionsErrorCode
  | EnforcementErrorCode
  | SocialErrorCode
  | AppraisalErrorCode;

export const ALL_ERROR_CODES: readonly ErrorCode[] = [
  ...Object.values(CommonErrorCode),
  ...Object.values(GatewayErrorCode),
  ...Object.values(OfficeErrorCode),
  ...Object.values(RegistryErrorCode),
  ...Object.values(PetitionsErrorCode),
  ...Object.values(EnforcementErrorCode),
  ...Object.values(SocialErrorCode),
  ...Object.values(AppraisalErrorCode),
];
