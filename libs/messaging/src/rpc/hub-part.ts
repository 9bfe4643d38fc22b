import { Actor, HubFiguresRequest, HubPartReply, HubStreetHeadline } from '@grid122/contracts';
import { isWithinScope } from '@grid122/access';
import { AppError } from './app-error';

/**
 * A service's answer to its `*.hub.figures` subject (the command hub's panel): only for a scope
 * within the caller's own (else 403), its figures, and the per-street headlines when the request
 * asks `byStreet` (read at the same time), stamped with the time they were computed.
 */
export async function hubPart<T>(
  req: HubFiguresRequest,
  actor: Actor,
  figures: () => Promise<T>,
  streets?: () => Promise<HubStreetHeadline[]>,
): Promise<HubPartReply<T>> {
  if (!isWithinScope(req.scope, actor.scope)) throw AppError.forbidden('The hub scope is outside your own');
  const [f, s] = await Promise.all([figures(), req.byStreet && streets ? streets() : undefined]);
  return { figures: f, streets: s, computedAt: new Date().toISOString() };
}
