import { AcknowledgeDualReport, ListDualReports } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { DualReportService } from './dual-report.service';

/** NATS adapters of the community's dual reports (双报告): one line per pattern. */
export const DualReportMessageController = messageController('DualReportMessageController', { reports: DualReportService }, (on) => [
  on(ListDualReports, (s, req, a) => s.reports.list(a, req)),
  on(AcknowledgeDualReport, (s, req, a) => s.reports.acknowledge(a, req)),
]);
