import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, GetEnforcementFigures } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { FiguresService } from './figures.service';

@Controller()
export class FiguresMessageController {
  constructor(private readonly figures: FiguresService) {}

  @MessagePattern(GetEnforcementFigures.subject)
  get(@Payload() req: GetEnforcementFigures.Request, @CurrentActor() a: Actor) {
    return this.figures.get(a, req);
  }
}
