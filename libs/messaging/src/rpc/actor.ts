import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { NatsContext } from '@nestjs/microservices';
import { Actor, CommonErrorCode, HEADER_ACTOR } from '@grid122/contracts';
import { AppError } from './app-error';

export function actorFromHeaders(headers: { get(k: string): string } | undefined): Actor | undefined {
  const raw = headers?.get(HEADER_ACTOR);
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as Actor;
  } catch {
    return undefined;
  }
}

/** The caller of a NATS request, as the gateway vouched for it. Throws when absent. */
export const CurrentActor = createParamDecorator((optional: boolean | undefined, ctx: ExecutionContext): Actor | undefined => {
  const nctx = ctx.switchToRpc().getContext<NatsContext>();
  const actor = actorFromHeaders(nctx.getHeaders?.());
  if (!actor && !optional) throw new AppError(CommonErrorCode.Unauthenticated, 'No actor on the request');
  return actor;
});
