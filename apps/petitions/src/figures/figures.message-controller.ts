import { GetPetitionsFigures } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { FiguresService } from './figures.service';

export const FiguresMessageController = messageController('FiguresMessageController', { figures: FiguresService }, (on) => [
  on(GetPetitionsFigures, (s, req, a) => s.figures.get(a, req)),
]);
