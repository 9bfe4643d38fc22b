import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, FileDiary, ListDiaries } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { DiaryService } from './diary.service';

@Controller()
export class DiaryMessageController {
  constructor(private readonly diaries: DiaryService) {}

  @MessagePattern(FileDiary.subject)
  file(@Payload() req: FileDiary.Request, @CurrentActor() actor: Actor) {
    return this.diaries.file(actor, req);
  }

  @MessagePattern(ListDiaries.subject)
  list(@Payload() req: ListDiaries.Request, @CurrentActor() actor: Actor) {
    return this.diaries.list(actor, req);
  }
}
