import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, CircleAt, CircleGaps, CreateServicePoint, GetServicePoint, ListServicePoints, SyncCircleGrids, UpdateServicePoint, UpsertCircleGrids } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { CircleService } from './circle.service';

@Controller()
export class CircleMessageController {
  constructor(private readonly service: CircleService) {}

  @MessagePattern(CreateServicePoint.subject)
  create(@Payload() req: CreateServicePoint.Request, @CurrentActor() a: Actor) { return this.service.create(a, req); }

  @MessagePattern(UpdateServicePoint.subject)
  update(@Payload() req: UpdateServicePoint.Request, @CurrentActor() a: Actor) { return this.service.update(a, req); }

  @MessagePattern(GetServicePoint.subject)
  get(@Payload() req: GetServicePoint.Request, @CurrentActor() a: Actor) { return this.service.get(a, req.id); }

  @MessagePattern(ListServicePoints.subject)
  list(@Payload() req: ListServicePoints.Request, @CurrentActor() a: Actor) { return this.service.list(a, req); }

  @MessagePattern(CircleAt.subject)
  at(@Payload() req: CircleAt.Request, @CurrentActor() a: Actor) { return this.service.at(a, req); }

  @MessagePattern(CircleGaps.subject)
  gaps(@Payload() req: CircleGaps.Request, @CurrentActor() a: Actor) { return this.service.gaps(a, req); }

  @MessagePattern(UpsertCircleGrids.subject)
  upsertGrids(@Payload() req: UpsertCircleGrids.Request, @CurrentActor() a: Actor) { return this.service.upsertGrids(a, req); }

  @MessagePattern(SyncCircleGrids.subject)
  sync(@Payload() req: SyncCircleGrids.Request, @CurrentActor() a: Actor) { return this.service.sync(a, req); }
}
