import { CodeOf, errorCodes } from './error-codes';

/**
 * Error codes shared by every capability, each with the HTTP status the gateway answers for it.
 * Each capability adds its own table in its contract folder (`errorCodes`, ./error-codes.ts) and
 * lists it in `ERROR_HTTP_STATUS` (../errors.ts), which is exhaustive over `ErrorCode`.
 */
export const { codes: CommonErrorCode, httpStatus: COMMON_HTTP_STATUS } = errorCodes({
  ValidationFailed: ['VALIDATION_FAILED', 400],
  Unauthenticated: ['UNAUTHENTICATED', 401],
  Forbidden: ['FORBIDDEN', 403],
  NotFound: ['NOT_FOUND', 404],
  Conflict: ['CONFLICT', 409],
  /** A state machine refused a transition (409 naming the current state). */
  IllegalTransition: ['ILLEGAL_TRANSITION', 409],
  IdempotencyKeyReused: ['IDEMPOTENCY_KEY_REUSED', 422],
  PayloadTooLarge: ['PAYLOAD_TOO_LARGE', 413],
  UnsupportedMediaType: ['UNSUPPORTED_MEDIA_TYPE', 415],
  RateLimited: ['RATE_LIMITED', 429],
  ServiceUnavailable: ['SERVICE_UNAVAILABLE', 503],
  ServiceTimeout: ['SERVICE_TIMEOUT', 504],
  /**
   * A service refused the caller on a NATS request: unsigned, forged or expired actor (details.reason).
   * 502: the gateway's own signature was refused by a service, a key mismatch between them, not the user's fault.
   */
  ActorRejected: ['ACTOR_REJECTED', 502],
  Internal: ['INTERNAL', 500],
});
export type CommonErrorCode = CodeOf<typeof CommonErrorCode>;

/** The serialised error every service replies with and the gateway returns (plus statusCode). */
export interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

/** One failed field of a validation error. */
export interface FieldError {
  field: string;
  messages: string[];
}
