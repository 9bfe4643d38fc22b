import { AnalyseHotspots, ListRecurrences, ListSpikes, RecurrenceSummary } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { HotspotService } from './hotspot.service';

/** NATS adapters of recurrence, hotspots and spikes: one line per pattern. */
export const HotspotMessageController = messageController('HotspotMessageController', { hotspots: HotspotService }, (on) => [
  on(RecurrenceSummary, (s, req, a) => s.hotspots.recurrenceSummary(a, req)),
  on(ListRecurrences, (s, req, a) => s.hotspots.listRecurrences(a, req)),
  on(AnalyseHotspots, (s, req, a) => s.hotspots.analyse(a, req)),
  on(ListSpikes, (s, req, a) => s.hotspots.listSpikes(a, req)),
]);
