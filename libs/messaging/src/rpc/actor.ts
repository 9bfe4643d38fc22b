import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { Actor, CommonErrorCode } from '@grid122/contracts';
import { AppError } from './app-error';

/**
 * The actors verified by `RpcContextInterceptor`, keyed by the request's NatsContext (one object
 * per message, shared by the interceptor and the handler's parameters), so a handler only ever
 * sees an actor whose signature was checked before its payload was read.
 */
const verified = new WeakMap<object, Actor>();

export function rememberVerifiedActor(ctx: NatsContext, actor: Actor): void {
  verified.set(ctx, actor);
}

export function verifiedActor(ctx: NatsContext | undefined): Actor | undefined {
  return ctx ? verified.get(ctx) : undefined;
}

/** The caller of a NATS request, as the gateway vouched for it (signature verified). Throws when absent. */
export const CurrentActor = createParamDecorator((optional: boolean | undefined, ctx: ExecutionContext): Actor | undefined => {
  const actor = verifiedActor(ctx.switchToRpc().getContext<NatsContext>());
  if (!actor && !optional) throw new AppError(CommonErrorCode.Unauthenticated, 'No verified actor on the request');
  return actor;
});
