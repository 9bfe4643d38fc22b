import { GetYearEnd, ListScores, RecomputeScores, ScoreHistory } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { ScoreService } from './score.service';

export const ScoreMessageController = messageController('ScoreMessageController', { scores: ScoreService }, (on) => [
  on(RecomputeScores, (s, req, a) => s.scores.recompute(a, req)),
  on(ListScores, (s, req, a) => s.scores.list(a, req)),
  on(ScoreHistory, (s, req, a) => s.scores.history(a, req)),
  on(GetYearEnd, (s, req, a) => s.scores.yearEnd(a, req)),
]);
