import { ExportFloatingPeople, FloatingPersonLeft, ListFloatingPeople, RegisterFloatingPerson, RevealFloatingPerson } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { FloatingService } from './floating.service';

export const FloatingMessageController = messageController('FloatingMessageController', { floating: FloatingService }, (on) => [
  on(RegisterFloatingPerson, (s, req, a) => s.floating.register(a, req)),
  on(ListFloatingPeople, (s, req, a) => s.floating.list(a, req)),
  on(FloatingPersonLeft, (s, req, a) => s.floating.leave(a, req)),
  on(RevealFloatingPerson, (s, req, a) => s.floating.reveal(a, req)),
  on(ExportFloatingPeople, (s, req, a) => s.floating.export(a, req)),
]);
