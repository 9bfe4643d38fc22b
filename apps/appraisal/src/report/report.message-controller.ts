import { GetNotice, GetRanking, GetThreeRates } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { ReportService } from './report.service';

export const ReportMessageController = messageController('ReportMessageController', { reports: ReportService }, (on) => [
  on(GetRanking, (s, req, a) => s.reports.ranking(a, req)),
  on(GetNotice, (s, req, a) => s.reports.notice(a, req)),
  on(GetThreeRates, (s, req, a) => s.reports.threeRates(a, req)),
]);
