/**
 * Error codes shared by every capability. Each capability adds its own enum in its contract
 * folder and lists it in `ErrorCode` (errors/index.ts); the gateway maps every code to an HTTP
 * status in one exhaustive switch, so a new code does not compile until it is mapped.
 */
export enum CommonErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  /** A state machine refused a transition (409 naming the current state). */
  IllegalTransition = 'ILLEGAL_TRANSITION',
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  RateLimited = 'RATE_LIMITED',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  ServiceTimeout = 'SERVICE_TIMEOUT',
  /** A service refused the caller on a NATS request: unsigned, forged or expired actor (details.reason). */
  ActorRejected = 'ACTOR_REJECTED',
  Internal = 'INTERNAL',
}

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
