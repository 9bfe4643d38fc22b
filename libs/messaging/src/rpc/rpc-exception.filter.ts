import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { CommonErrorCode, ErrorBody } from '@grid122/contracts';
import { throwError } from 'rxjs';
import { QueryFailedError } from 'typeorm';
import { AppError } from './app-error';

const CODE_OF_HTTP_STATUS: Readonly<Record<number, string>> = {
  401: CommonErrorCode.Unauthenticated,
  403: CommonErrorCode.Forbidden,
  404: CommonErrorCode.NotFound,
  409: CommonErrorCode.Conflict,
  413: CommonErrorCode.PayloadTooLarge,
  415: CommonErrorCode.UnsupportedMediaType,
  429: CommonErrorCode.RateLimited,
};

/** The error code of an HTTP status a framework raised (Nest's HttpException), in a service as in the gateway: other 4xx are a validation failure, 5xx internal. */
export function codeOfHttpStatus(status: number): string {
  return CODE_OF_HTTP_STATUS[status] ?? (status < 500 ? CommonErrorCode.ValidationFailed : CommonErrorCode.Internal);
}

/** Maps anything thrown inside a service to the `{ code, message, details }` wire error. */
export function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof AppError) return exception.toBody();
  if (exception instanceof HttpException) {
    return { code: codeOfHttpStatus(exception.getStatus()), message: exception.message };
  }
  if (exception instanceof QueryFailedError) {
    const pg = exception.driverError as { code?: string; constraint?: string; detail?: string };
    if (pg?.code === '23505') return { code: CommonErrorCode.Conflict, message: 'Already exists', details: { constraint: pg.constraint } };
    if (pg?.code === '23503') return { code: CommonErrorCode.ValidationFailed, message: 'Refers to something that does not exist', details: { constraint: pg.constraint } };
    if (pg?.code === '22P02' || pg?.code === '22023') return { code: CommonErrorCode.ValidationFailed, message: 'Malformed value' };
    // Aborted to break a lock cycle or a serialisation conflict (after the retries, where a service retries): nothing was written.
    if (pg?.code === '40P01' || pg?.code === '40001') return { code: CommonErrorCode.ServiceUnavailable, message: 'The database was busy with a conflicting change; nothing was saved: retry' };
  }
  return { code: CommonErrorCode.Internal, message: 'Internal error' };
}

/** The RPC filter of every service: serialises errors; logs the unexpected ones. */
@Catch()
export class RpcErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('RpcErrorFilter');

  catch(exception: unknown, host: ArgumentsHost) {
    const body = toErrorBody(exception);
    if (body.code === CommonErrorCode.Internal) this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    if (host.getType() === 'rpc') return throwError(() => body);
    // HTTP inside a service: only /health and /metrics; answer JSON all the same.
    const reply = host.switchToHttp().getResponse();
    const status = body.code === CommonErrorCode.NotFound ? 404 : body.code === CommonErrorCode.Internal ? 500 : 400;
    return reply.status(status).send(body);
  }
}
