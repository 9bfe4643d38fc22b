import { GetEnforcementFigures } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { FiguresService } from './figures.service';

export const FiguresMessageController = messageController('FiguresMessageController', { figures: FiguresService }, (on) => [
  on(GetEnforcementFigures, (s, req, a) => s.figures.get(a, req)),
]);
