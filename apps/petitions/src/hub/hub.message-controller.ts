import { PetitionsHub } from '@grid122/contracts';
import { hubPart, messageController } from '@grid122/messaging';
import { PetitionsHubRepository } from './hub.repository';

/** `petitions.hub.figures`: the petitions & stability group's panel (综合信访稳定组). */
export const PetitionsHubMessageController = messageController('PetitionsHubMessageController', { repo: PetitionsHubRepository }, (on) => [
  on(PetitionsHub, (s, req, a) => hubPart(req, a, () => s.repo.figures(req.scope, req.from, req.to), () => s.repo.streets(req.scope, req.from, req.to))),
]);
