import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { HEADER_REQUEST_ID } from '@grid122/contracts';
import { Metrics, requestContext } from '@grid122/observability';
import { Observable } from 'rxjs';
import { actorFromHeaders } from './actor';

/** Carries the request id from the NATS headers into logs, and times every handler. */
@Injectable()
export class RpcContextInterceptor implements NestInterceptor {
  constructor(private readonly metrics: Metrics) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'rpc') return next.handle();
    const nctx = ctx.switchToRpc().getContext<NatsContext>();
    const headers = nctx.getHeaders?.();
    const requestId = headers?.get(HEADER_REQUEST_ID) || requestContext.newId();
    const actorId = actorFromHeaders(headers)?.id;
    const subject = nctx.getSubject();
    const end = this.metrics.rpcDuration.startTimer({ subject });
    return new Observable((sub) =>
      requestContext.run({ requestId, actorId }, () =>
        next.handle().subscribe({
          next: (v) => sub.next(v),
          error: (e) => {
            end({ outcome: 'error' });
            sub.error(e);
          },
          complete: () => {
            end({ outcome: 'ok' });
            sub.complete();
          },
        }),
      ),
    );
  }
}
