import {
  AcceptPetition,
  ClosePetition,
  ExtendPetition,
  GetPetition,
  HandoverPetition,
  ListOverduePetitions,
  ListPetitions,
  RegisterPetition,
  RejectPetition,
  ReplyPetition,
  ReturnPetition,
  RevealPetition,
} from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { PetitionService } from './petition.service';

export const PetitionMessageController = messageController('PetitionMessageController', { petitions: PetitionService }, (on) => [
  on(RegisterPetition, (s, req, a) => s.petitions.register(a, req)),
  on(ListPetitions, (s, req, a) => s.petitions.list(a, req)),
  on(ListOverduePetitions, (s, req, a) => s.petitions.overdue(a, req)),
  on(GetPetition, (s, req, a) => s.petitions.get(a, req)),
  on(AcceptPetition, (s, req, a) => s.petitions.accept(a, req)),
  on(RejectPetition, (s, req, a) => s.petitions.reject(a, req)),
  on(ExtendPetition, (s, req, a) => s.petitions.extend(a, req)),
  on(ReplyPetition, (s, req, a) => s.petitions.reply(a, req)),
  on(ClosePetition, (s, req, a) => s.petitions.close(a, req)),
  on(HandoverPetition, (s, req, a) => s.petitions.handover(a, req)),
  on(ReturnPetition, (s, req, a) => s.petitions.return(a, req)),
  on(RevealPetition, (s, req, a) => s.petitions.reveal(a, req)),
]);
