import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  Actor,
  BookReceptionSlot,
  CancelReception,
  GetReception,
  ListReceptions,
  PublishReception,
  RecordReception,
  RecordSlotOutcome,
  ScheduleReception,
} from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { ReceptionService } from './reception.service';

@Controller()
export class ReceptionMessageController {
  constructor(private readonly receptions: ReceptionService) {}

  @MessagePattern(ScheduleReception.subject)
  schedule(@Payload() req: ScheduleReception.Request, @CurrentActor() a: Actor) {
    return this.receptions.schedule(a, req);
  }

  @MessagePattern(ListReceptions.subject)
  list(@Payload() req: ListReceptions.Request, @CurrentActor() a: Actor) {
    return this.receptions.list(a, req);
  }

  @MessagePattern(GetReception.subject)
  get(@Payload() req: GetReception.Request, @CurrentActor() a: Actor) {
    return this.receptions.get(a, req.id);
  }

  @MessagePattern(PublishReception.subject)
  publish(@Payload() req: PublishReception.Request, @CurrentActor() a: Actor) {
    return this.receptions.publish(a, req.id);
  }

  @MessagePattern(CancelReception.subject)
  cancel(@Payload() req: CancelReception.Request, @CurrentActor() a: Actor) {
    return this.receptions.cancel(a, req.id);
  }

  @MessagePattern(BookReceptionSlot.subject)
  book(@Payload() req: BookReceptionSlot.Request, @CurrentActor() a: Actor) {
    return this.receptions.book(a, req);
  }

  @MessagePattern(RecordSlotOutcome.subject)
  recordSlot(@Payload() req: RecordSlotOutcome.Request, @CurrentActor() a: Actor) {
    return this.receptions.recordSlot(a, req);
  }

  @MessagePattern(RecordReception.subject)
  record(@Payload() req: RecordReception.Request, @CurrentActor() a: Actor) {
    return this.receptions.record(a, req);
  }
}
