import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, AwardResidentPoints, GetResidentHolder, RegisterResidentHolder } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { ResidentPointsService } from './resident-points.service';

@Controller()
export class ResidentPointsMessageController {
  constructor(private readonly service: ResidentPointsService) {}

  @MessagePattern(RegisterResidentHolder.subject)
  register(@Payload() req: RegisterResidentHolder.Request, @CurrentActor() a: Actor) { return this.service.register(a, req); }

  @MessagePattern(AwardResidentPoints.subject)
  award(@Payload() req: AwardResidentPoints.Request, @CurrentActor() a: Actor) { return this.service.award(a, req); }

  @MessagePattern(GetResidentHolder.subject)
  get(@Payload() req: GetResidentHolder.Request, @CurrentActor() a: Actor) { return this.service.get(a, req); }
}
