import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { requestContext } from '@grid122/observability';
import { Observable } from 'rxjs';

/** The request id (and caller) follow the request into logs and into every NATS hop. */
@Injectable()
export class HttpContextInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest();
    const store = { requestId: String(req.id ?? requestContext.newId()), actorId: req.actor?.id };
    return new Observable((sub) => requestContext.run(store, () => next.handle().subscribe(sub)));
  }
}
