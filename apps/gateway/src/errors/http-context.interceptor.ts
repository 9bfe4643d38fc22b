import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { requestContext } from '@grid122/observability';
import { Observable } from 'rxjs';
import { AuditedRequest, ReadResponse, RevealAudit } from '../privacy/reveal-audit';

/**
 * The gateway's one global interceptor. The request id, the caller and an Idempotency-Key follow
 * the request into logs and into every NATS hop; inside that context, the reveals and reads of
 * personal data are audited (RevealAudit). One interceptor, not two: each layer costs Nest an
 * `AsyncResource.bind`, an rxjs `defer` and `mergeAll` and a promise per request (docs/performance.md §17).
 */
@Injectable()
export class HttpContextInterceptor implements NestInterceptor {
  constructor(private readonly reveals: RevealAudit) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const http = ctx.switchToHttp();
    const req = http.getRequest<AuditedRequest & { id?: unknown; headers?: Record<string, unknown> }>();
    // A client's Idempotency-Key on a create or command goes with every NATS hop of the request:
    // each service runs the command at most once per caller, key and subject (IdempotencyStore).
    const key = req.method !== 'GET' && req.method !== 'HEAD' ? req.headers?.['idempotency-key'] : undefined;
    const store = { requestId: String(req.id ?? requestContext.newId()), actorId: req.actor?.id, idempotencyKey: typeof key === 'string' && key ? key : undefined };
    return new Observable((sub) => requestContext.run(store, () => this.reveals.around(req, http.getResponse<ReadResponse>(), next).subscribe(sub)));
  }
}
