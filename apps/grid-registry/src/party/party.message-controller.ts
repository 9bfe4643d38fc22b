import { CreateCommitment, CreatePartyOrg, FulfilCommitment, ListCommitments, ListPartyOrgs, UpdatePartyOrg } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { PartyService } from './party.service';

export const PartyMessageController = messageController('PartyMessageController', { party: PartyService }, (on) => [
  on(ListPartyOrgs, (s, req, a) => s.party.list(a, req)),
  on(CreatePartyOrg, (s, req, a) => s.party.create(a, req)),
  on(UpdatePartyOrg, (s, req, a) => s.party.update(a, req)),
  on(ListCommitments, (s, req, a) => s.party.commitments(a, req)),
  on(CreateCommitment, (s, req, a) => s.party.pledge(a, req)),
  on(FulfilCommitment, (s, req, a) => s.party.fulfil(a, req)),
]);
