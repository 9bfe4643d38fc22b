import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { CommonErrorCode, HEADER_ACTOR, HEADER_REQUEST_ID } from '@grid122/contracts';
import { failSpan, Metrics, requestContext, runInContext, SpanKind, startSpan, tracingEnabled } from '@grid122/observability';
import { Observable, throwError } from 'rxjs';
import type { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { rememberVerifiedActor } from './actor';
import { ActorSigner } from './actor-signature';
import { AppError } from './app-error';
import { trustPayload } from './trusted-payload';

const HEALTH_CHECK_SUFFIX = '.health.check';

/**
 * Every NATS request: verifies the signed caller (`x-actor`) before anything reads the payload
 * (interceptors run before pipes), refusing an unsigned, forged or expired one with
 * ACTOR_REJECTED (logged with the subject and the reason, counted in
 * `grid122_rpc_actor_rejected_total`); carries the request id into logs; times the handler.
 * Given the IdempotencyInterceptor, runs it inside, as the one global interceptor of a service: each
 * Nest interceptor layer costs an `AsyncResource.bind`, an rxjs `defer` and `mergeAll` and a
 * promise per request (docs/performance.md §17).
 */
@Injectable()
export class RpcContextInterceptor implements NestInterceptor {
  private readonly logger = new Logger('RpcActor');

  constructor(
    private readonly metrics: Metrics,
    private readonly signer: ActorSigner,
    /** Run inside, once the caller is verified and the context set: a command's Idempotency-Key claim. */
    private readonly inner?: IdempotencyInterceptor,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'rpc') return next.handle();
    const nctx = ctx.switchToRpc().getContext<NatsContext>();
    const headers = nctx.getHeaders?.();
    const headerRequestId = headers?.get(HEADER_REQUEST_ID) || undefined;
    const requestId = headerRequestId || requestContext.newId();
    const subject = nctx.getSubject();
    // `<prefix>.health.check` (up/down of the service's database and NATS) needs no caller: the
    // gateway's /health and probes ask it; it reads no data of anyone.
    if (subject.endsWith(HEALTH_CHECK_SUFFIX)) return next.handle();
    const check = this.signer.verify(headers?.get(HEADER_ACTOR) || undefined, headerRequestId ?? '', subject);
    if (!check.ok) {
      this.metrics.actorRejected.inc({ subject, reason: check.reason });
      this.logger.warn(`refused ${subject}: actor ${check.reason} (request ${requestId})`);
      return throwError(() => new AppError(CommonErrorCode.ActorRejected, `The caller of ${subject} is ${check.reason === 'unsigned' ? 'not signed' : check.reason.replace('_', ' ')}`, { reason: check.reason, subject }));
    }
    rememberVerifiedActor(nctx, check.actor);
    // The gateway's word that it validated these very bytes: the payload is trusted when their hash matches (trusted-payload.ts).
    if (check.validated) trustPayload(ctx.switchToRpc().getData(), check.validated);
    const end = this.metrics.rpcDuration.startTimer({ subject });
    // The caller's trace continues here (`traceparent` in the request's headers, RpcClient).
    const traced = tracingEnabled()
      ? startSpan(subject, { kind: SpanKind.SERVER, parent: { get: (k) => headers?.get(k) }, attributes: { 'rpc.system': 'nats', 'messaging.system': 'nats', 'messaging.destination.name': subject } })
      : undefined;
    return new Observable((sub) =>
      runInContext(traced?.ctx, () =>
        requestContext.run({ requestId, actorId: check.actor.id }, () =>
          this.handle(ctx, next).subscribe({
            next: (v) => sub.next(v),
            error: (e) => {
              end({ outcome: 'error' });
              if (traced) {
                failSpan(traced.span, e);
                traced.span.end();
              }
              sub.error(e);
            },
            complete: () => {
              end({ outcome: 'ok' });
              traced?.span.end();
              sub.complete();
            },
          }),
        ),
      ),
    );
  }

  /** The handler, through the inner interceptor when there is one; its synchronous throw is the handler's error, as when Nest ran it. */
  private handle(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.inner) return next.handle();
    try {
      return this.inner.intercept(ctx, next);
    } catch (e) {
      return throwError(() => e);
    }
  }
}
