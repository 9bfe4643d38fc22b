import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { requestContext } from '@grid122/observability';
import { Observable } from 'rxjs';

/** The request id, the caller and an Idempotency-Key follow the request into logs and into every NATS hop. */
@Injectable()
export class HttpContextInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest();
    // A client's Idempotency-Key on a create or command goes with every NATS hop of the request:
    // each service runs the command at most once per caller, key and subject (IdempotencyStore).
    const key = req.method !== 'GET' && req.method !== 'HEAD' ? req.headers?.['idempotency-key'] : undefined;
    const store = { requestId: String(req.id ?? requestContext.newId()), actorId: req.actor?.id, idempotencyKey: typeof key === 'string' && key ? key : undefined };
    return new Observable((sub) => requestContext.run(store, () => next.handle().subscribe(sub)));
  }
}
