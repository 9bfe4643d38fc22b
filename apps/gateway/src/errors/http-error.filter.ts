import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { CommonErrorCode, ErrorBody } from '@grid122/contracts';
import { AppError, codeOfHttpStatus, toErrorBody } from '@grid122/messaging';
import { requestContext } from '@grid122/observability';
import { renderErrors } from '../open311/open311.format';
import { httpStatusForUnknown } from './http-status';

/** Every error leaves the gateway as `{ statusCode, code, message, details, requestId }`. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost) {
    const reply = host.switchToHttp().getResponse();
    const { status, body } = toHttpError(exception);
    // A 429 says when to come back (the limiter's window, a lock's end): RFC 9110 Retry-After.
    const retryAfter = (body.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (status === 429 && typeof retryAfter === 'number') void reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfter))));
    if (status >= 500 && !(exception instanceof AppError)) this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    const url = String((host.switchToHttp().getRequest() as { url?: string } | undefined)?.url ?? '');
    if (url.startsWith('/open311/')) {
      // Open311 clients read only the spec's error list: an unknown path, a wrong method, a body
      // Fastify refuses — every error under /open311/ is answered in it (XML for a `.xml` path).
      const out = renderErrors(/\.xml$/.test(url.split('?')[0]) ? 'xml' : 'json', [{ code: status, description: body.message }]);
      void reply.status(status).header('content-type', out.contentType).send(out.body);
      return;
    }
    void reply.status(status).header('content-type', 'application/json; charset=utf-8').send({ statusCode: status, ...body, requestId: requestContext.requestId() });
  }
}

export function toHttpError(exception: unknown): { status: number; body: ErrorBody } {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const res = exception.getResponse() as { message?: string | string[] } | string;
    const message = typeof res === 'string' ? res : Array.isArray(res.message) ? res.message.join('; ') : (res.message ?? exception.message);
    return { status, body: { code: codeOfHttpStatus(status), message } };
  }
  // Fastify's own errors (body too large, bad JSON, bad content type) carry a statusCode.
  const fst = exception as { statusCode?: number; code?: string; message?: string };
  if (!(exception instanceof AppError) && typeof fst?.statusCode === 'number' && fst.statusCode >= 400 && fst.statusCode < 500) {
    const code =
      fst.statusCode === 413 ? CommonErrorCode.PayloadTooLarge :
      fst.statusCode === 415 ? CommonErrorCode.UnsupportedMediaType : CommonErrorCode.ValidationFailed;
    return { status: fst.statusCode, body: { code, message: fst.message ?? 'Bad request' } };
  }
  const body = toErrorBody(exception);
  return { status: httpStatusForUnknown(body.code), body };
}
