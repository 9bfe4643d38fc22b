import { KeyAreaStats, KeyAreaTrend, OpenByGrid } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { StatsService } from './stats.service';

export const StatsMessageController = messageController('StatsMessageController', { stats: StatsService }, (on) => [
  on(KeyAreaStats, (s, req, a) => s.stats.keyAreas(a, req)),
  on(KeyAreaTrend, (s, req, a) => s.stats.trend(a, req)),
  on(OpenByGrid, (s, req, a) => s.stats.openByGrid(a, req)),
]);
