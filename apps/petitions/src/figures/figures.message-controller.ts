import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, GetPetitionsFigures } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { FiguresService } from './figures.service';

@Controller()
export class FiguresMessageController {
  constructor(private readonly figures: FiguresService) {}

  @MessagePattern(GetPetitionsFigures.subject)
  get(@Payload() req: GetPetitionsFigures.Request, @CurrentActor() a: Actor) {
    return this.figures.get(a, req);
  }
}
