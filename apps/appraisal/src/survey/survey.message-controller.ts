import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, AnswerSurvey, ListSurveys, RecordDemocraticAppraisal } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { SurveyService } from './survey.service';

@Controller()
export class SurveyMessageController {
  constructor(private readonly surveys: SurveyService) {}

  @MessagePattern(ListSurveys.subject)
  list(@Payload() req: ListSurveys.Request, @CurrentActor() actor: Actor) {
    return this.surveys.list(actor, req);
  }

  @MessagePattern(AnswerSurvey.subject)
  answer(@Payload() req: AnswerSurvey.Request, @CurrentActor() actor: Actor) {
    return this.surveys.answer(actor, req);
  }

  @MessagePattern(RecordDemocraticAppraisal.subject)
  democratic(@Payload() req: RecordDemocraticAppraisal.Request, @CurrentActor() actor: Actor) {
    return this.surveys.recordDemocratic(actor, req);
  }
}
