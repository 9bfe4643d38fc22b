import {
  AppraisalErrorCode,
  CommonErrorCode,
  EnforcementErrorCode,
  ErrorCode,
  GatewayErrorCode,
  OfficeErrorCode,
  PetitionsErrorCode,
  RegistryErrorCode,
  SocialErrorCode,
} from '@grid122/contracts';

/**
 * The one map from error code to HTTP status. Exhaustive: a code added to the contracts does
 * not compile until it is listed here.
 */
export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case CommonErrorCode.ValidationFailed:
      return 400;
    case CommonErrorCode.Unauthenticated:
    case GatewayErrorCode.BadCredentials:
    case GatewayErrorCode.TokenExpired:
    case GatewayErrorCode.BadApiKey:
      return 401;
    case CommonErrorCode.Forbidden:
      return 403;
    case CommonErrorCode.NotFound:
    case OfficeErrorCode.IncidentNotFound:
    case RegistryErrorCode.GridNotFound:
    case RegistryErrorCode.PointOnNoGrid:
    case PetitionsErrorCode.PetitionNotFound:
    case EnforcementErrorCode.CaseNotFound:
    case SocialErrorCode.RecipientNotFound:
    case AppraisalErrorCode.PlanNotFound:
      return 404;
    case CommonErrorCode.Conflict:
    case CommonErrorCode.IllegalTransition:
      return 409;
    case CommonErrorCode.PayloadTooLarge:
      return 413;
    case CommonErrorCode.UnsupportedMediaType:
      return 415;
    case CommonErrorCode.IdempotencyKeyReused:
      return 422;
    case GatewayErrorCode.AccountLocked:
    case CommonErrorCode.RateLimited:
      return 429;
    case CommonErrorCode.Internal:
      return 500;
    case CommonErrorCode.ServiceUnavailable:
      return 503;
    case CommonErrorCode.ServiceTimeout:
      return 504;
    default: {
      const unmapped: never = code;
      return unmapped;
    }
  }
}

export function httpStatusForUnknown(code: string): number {
  const s = httpStatusFor(code as ErrorCode);
  return typeof s === 'number' ? s : 500;
}
