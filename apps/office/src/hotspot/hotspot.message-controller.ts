import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, AnalyseHotspots, ListRecurrences, ListSpikes, RecurrenceSummary } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { HotspotService } from './hotspot.service';

/** NATS adapters of recurrence, hotspots and spikes: one line per pattern. */
@Controller()
export class HotspotMessageController {
  constructor(private readonly hotspots: HotspotService) {}

  @MessagePattern(RecurrenceSummary.subject)
  recurrenceSummary(@Payload() req: RecurrenceSummary.Request, @CurrentActor() actor: Actor) {
    return this.hotspots.recurrenceSummary(actor, req);
  }

  @MessagePattern(ListRecurrences.subject)
  recurrences(@Payload() req: ListRecurrences.Request, @CurrentActor() actor: Actor) {
    return this.hotspots.listRecurrences(actor, req);
  }

  @MessagePattern(AnalyseHotspots.subject)
  analyse(@Payload() req: AnalyseHotspots.Request, @CurrentActor() actor: Actor) {
    return this.hotspots.analyse(actor, req);
  }

  @MessagePattern(ListSpikes.subject)
  spikes(@Payload() req: ListSpikes.Request, @CurrentActor() actor: Actor) {
    return this.hotspots.listSpikes(actor, req);
  }
}
