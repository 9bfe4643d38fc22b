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
