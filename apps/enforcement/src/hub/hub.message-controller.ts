import { EnforcementHub } from '@grid122/contracts';
import { hubPart, messageController } from '@grid122/messaging';
import { EnforcementHubRepository } from './hub.repository';

/** `enforcement.hub.figures`: the joint enforcement team's panel (综合执法队). */
export const EnforcementHubMessageController = messageController('EnforcementHubMessageController', { repo: EnforcementHubRepository }, (on) => [
  on(EnforcementHub, (s, req, a) => hubPart(req, a, () => s.repo.figures(req.scope), () => s.repo.streets(req.scope))),
]);
