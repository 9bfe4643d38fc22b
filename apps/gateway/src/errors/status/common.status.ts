import { CommonErrorCode, GatewayErrorCode } from '@grid122/contracts';

export const COMMON_STATUS: Record<CommonErrorCode, number> = {
  [CommonErrorCode.ValidationFailed]: 400,
  [CommonErrorCode.Unauthenticated]: 401,
  [CommonErrorCode.Forbidden]: 403,
  [CommonErrorCode.NotFound]: 404,
  [CommonErrorCode.Conflict]: 409,
  [CommonErrorCode.IllegalTransition]: 409,
  [CommonErrorCode.PayloadTooLarge]: 413,
  [CommonErrorCode.UnsupportedMediaType]: 415,
  [CommonErrorCode.IdempotencyKeyReused]: 422,
  [CommonErrorCode.RateLimited]: 429,
  [CommonErrorCode.Internal]: 500,
  /** The gateway's own signature was refused by a service: a key mismatch between them, not the user's fault. */
  [CommonErrorCode.ActorRejected]: 502,
  [CommonErrorCode.ServiceUnavailable]: 503,
  [CommonErrorCode.ServiceTimeout]: 504,
};

export const GATEWAY_STATUS: Record<GatewayErrorCode, number> = {
  [GatewayErrorCode.BadCredentials]: 401,
  [GatewayErrorCode.TokenExpired]: 401,
  [GatewayErrorCode.BadApiKey]: 401,
  [GatewayErrorCode.AccountLocked]: 429,
  [GatewayErrorCode.AuditUnavailable]: 503,
  [GatewayErrorCode.SeparationOfDuties]: 403,
};
