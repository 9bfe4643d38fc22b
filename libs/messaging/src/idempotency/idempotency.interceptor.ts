import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { HEADER_IDEMPOTENCY_KEY } from '@grid122/contracts';
import { requestContext } from '@grid122/observability';
import { defer, lastValueFrom, Observable } from 'rxjs';
import { AppError } from '../rpc/app-error';
import { IdempotencyStore } from './idempotency.store';

/** A handler's mark (HandlerOptions.ownsIdempotencyKey): it keeps the key of its request's `idempotencyKey` field itself. */
export const OWNS_IDEMPOTENCY_KEY = 'grid122:ownsIdempotencyKey';

/**
 * A NATS request that carries `idempotency-key` (the gateway forwards a client's Idempotency-Key
 * on every create and command) runs at most once per caller, key and subject (IdempotencyStore).
 * Run by RpcContextInterceptor inside its context (not a Nest interceptor layer of its own), so the caller is already verified.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly store: IdempotencyStore) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'rpc') return next.handle();
    const nctx = ctx.switchToRpc().getContext<NatsContext>();
    const key = nctx.getHeaders?.()?.get(HEADER_IDEMPOTENCY_KEY);
    if (!key) return next.handle();
    const actorId = requestContext.get()?.actorId;
    if (!actorId) return next.handle();
    if (key.length > 255) throw AppError.validation([{ field: 'Idempotency-Key', messages: ['Idempotency-Key must be at most 255 characters'] }]);
    const body = ctx.switchToRpc().getData();
    // One record per keyed request: a handler that keeps the key of its own request field (in the
    // transaction of its work) is not claimed here again — when the header's key is that field's.
    if (Reflect.getMetadata(OWNS_IDEMPOTENCY_KEY, ctx.getHandler()) && (body as { idempotencyKey?: unknown } | null)?.idempotencyKey === key) return next.handle();
    const subject = nctx.getSubject();
    return defer(() => this.store.run(actorId, key, subject, body, () => lastValueFrom(next.handle(), { defaultValue: undefined })));
  }
}
