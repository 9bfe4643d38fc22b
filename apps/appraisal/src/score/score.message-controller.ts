import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, GetYearEnd, ListScores, RecomputeScores, ScoreHistory } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { ScoreService } from './score.service';

@Controller()
export class ScoreMessageController {
  constructor(private readonly scores: ScoreService) {}

  @MessagePattern(RecomputeScores.subject)
  recompute(@Payload() req: RecomputeScores.Request, @CurrentActor() actor: Actor) {
    return this.scores.recompute(actor, req);
  }

  @MessagePattern(ListScores.subject)
  list(@Payload() req: ListScores.Request, @CurrentActor() actor: Actor) {
    return this.scores.list(actor, req);
  }

  @MessagePattern(ScoreHistory.subject)
  history(@Payload() req: ScoreHistory.Request, @CurrentActor() actor: Actor) {
    return this.scores.history(actor, req);
  }

  @MessagePattern(GetYearEnd.subject)
  yearEnd(@Payload() req: GetYearEnd.Request, @CurrentActor() actor: Actor) {
    return this.scores.yearEnd(actor, req);
  }
}
