import { ListIdentityAudit } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { IdentityService } from './identity.service';

export const IdentityMessageController = messageController('IdentityMessageController', { identity: IdentityService }, (on) => [
  on(ListIdentityAudit, (s, req, a) => s.identity.listAudit(a, req)),
]);
