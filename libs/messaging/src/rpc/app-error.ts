import { CommonErrorCode, ErrorBody, FieldError } from '@grid122/contracts';

/**
 * The one error type services throw. It crosses NATS as `{ code, message, details }` and the
 * gateway maps `code` to an HTTP status. Never throw Nest's HttpException inside a service: it
 * reaches the caller as a bare 500.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) };
  }

  static notFound(what: string, id?: string): AppError {
    return new AppError(CommonErrorCode.NotFound, id ? `${what} ${id} not found` : `${what} not found`, { what, id });
  }

  static forbidden(message = 'Not allowed for this account'): AppError {
    return new AppError(CommonErrorCode.Forbidden, message);
  }

  static validation(fields: FieldError[]): AppError {
    const message = fields.map((f) => `${f.field}: ${f.messages.join(', ')}`).join('; ');
    return new AppError(CommonErrorCode.ValidationFailed, `Invalid input — ${message}`, { fields });
  }

  static illegalTransition(entity: string, state: string, action: string): AppError {
    return new AppError(
      CommonErrorCode.IllegalTransition,
      `Cannot ${action} a ${entity} in state "${state}"`,
      { currentState: state, action },
    );
  }

  /** Rebuilds an AppError from a reply body (caller side). */
  static fromBody(body: ErrorBody): AppError {
    return new AppError(body.code, body.message, body.details);
  }
}

export function isErrorBody(x: unknown): x is ErrorBody {
  return typeof x === 'object' && x !== null && typeof (x as ErrorBody).code === 'string' && typeof (x as ErrorBody).message === 'string';
}

/** Codes that say "try again later", not "this can never be done". */
const TRANSIENT_CODES = new Set<string>([
  CommonErrorCode.ServiceUnavailable,
  CommonErrorCode.ServiceTimeout,
  CommonErrorCode.RateLimited,
  CommonErrorCode.Internal,
]);

/**
 * A domain refusal: an AppError with a domain code (wrong state, unknown reference, invalid
 * data). Handling the same event again gives the same answer, so a consumer records it and moves
 * on instead of retrying; anything else (a dropped connection, a deadlock, a timeout) is transient.
 */
export function isDomainRefusal(e: unknown): e is AppError {
  return e instanceof AppError && !TRANSIENT_CODES.has(e.code);
}
