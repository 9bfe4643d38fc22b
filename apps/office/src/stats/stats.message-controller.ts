import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, KeyAreaStats, KeyAreaTrend, OpenByGrid } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { StatsService } from './stats.service';

@Controller()
export class StatsMessageController {
  constructor(private readonly stats: StatsService) {}

  @MessagePattern(KeyAreaStats.subject)
  keyAreas(@Payload() req: KeyAreaStats.Request, @CurrentActor() actor: Actor) {
    return this.stats.keyAreas(actor, req);
  }

  @MessagePattern(KeyAreaTrend.subject)
  trend(@Payload() req: KeyAreaTrend.Request, @CurrentActor() actor: Actor) {
    return this.stats.trend(actor, req);
  }

  @MessagePattern(OpenByGrid.subject)
  openByGrid(@Payload() req: OpenByGrid.Request, @CurrentActor() actor: Actor) {
    return this.stats.openByGrid(actor, req);
  }
}
