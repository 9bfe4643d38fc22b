import { SocialHub } from '@grid122/contracts';
import { hubPart, messageController } from '@grid122/messaging';
import { SocialHubRepository } from './hub.repository';

/** `social.hub.figures`: the social services team's panel (社会服务队). */
export const SocialHubMessageController = messageController('SocialHubMessageController', { repo: SocialHubRepository }, (on) => [
  on(SocialHub, (s, req, a) => hubPart(req, a, () => s.repo.figures(req.scope, req.from, req.to), () => s.repo.streets(req.scope, req.from, req.to))),
]);
