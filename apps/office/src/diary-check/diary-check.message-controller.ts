import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, DrawDiaryChecks, ExpectedDiaries, GetDiaryReview, GradeDiaryCheck, ListDiaryChecks, PublishDiaryReview } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { DiaryCheckService } from './diary-check.service';

/** NATS adapters of the diary supervision (民情日志督查): one line per pattern. */
@Controller()
export class DiaryCheckMessageController {
  constructor(private readonly checks: DiaryCheckService) {}

  @MessagePattern(ExpectedDiaries.subject)
  expected(@Payload() req: ExpectedDiaries.Request, @CurrentActor() actor: Actor) {
    return this.checks.expected(actor, req);
  }

  @MessagePattern(DrawDiaryChecks.subject)
  draw(@Payload() req: DrawDiaryChecks.Request, @CurrentActor() actor: Actor) {
    return this.checks.draw(actor, req);
  }

  @MessagePattern(ListDiaryChecks.subject)
  list(@Payload() req: ListDiaryChecks.Request, @CurrentActor() actor: Actor) {
    return this.checks.list(actor, req);
  }

  @MessagePattern(GradeDiaryCheck.subject)
  grade(@Payload() req: GradeDiaryCheck.Request, @CurrentActor() actor: Actor) {
    return this.checks.grade(actor, req);
  }

  @MessagePattern(GetDiaryReview.subject)
  review(@Payload() req: GetDiaryReview.Request, @CurrentActor() actor: Actor) {
    return this.checks.review(actor, req);
  }

  @MessagePattern(PublishDiaryReview.subject)
  publish(@Payload() req: PublishDiaryReview.Request, @CurrentActor() actor: Actor) {
    return this.checks.publish(actor, req);
  }
}
