import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, ExportFloatingPeople, FloatingPersonLeft, ListFloatingPeople, RegisterFloatingPerson, RevealFloatingPerson } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { FloatingService } from './floating.service';

@Controller()
export class FloatingMessageController {
  constructor(private readonly floating: FloatingService) {}

  @MessagePattern(RegisterFloatingPerson.subject)
  register(@Payload() req: RegisterFloatingPerson.Request, @CurrentActor() a: Actor) {
    return this.floating.register(a, req);
  }

  @MessagePattern(ListFloatingPeople.subject)
  list(@Payload() req: ListFloatingPeople.Request, @CurrentActor() a: Actor) {
    return this.floating.list(a, req);
  }

  @MessagePattern(FloatingPersonLeft.subject)
  leave(@Payload() req: FloatingPersonLeft.Request, @CurrentActor() a: Actor) {
    return this.floating.leave(a, req);
  }

  @MessagePattern(RevealFloatingPerson.subject)
  reveal(@Payload() req: RevealFloatingPerson.Request, @CurrentActor() a: Actor) {
    return this.floating.reveal(a, req);
  }

  @MessagePattern(ExportFloatingPeople.subject)
  export(@Payload() req: ExportFloatingPeople.Request, @CurrentActor() a: Actor) {
    return this.floating.export(a, req);
  }
}
