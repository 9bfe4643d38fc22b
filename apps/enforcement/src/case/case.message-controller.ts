import {
  AddEnforcementEvidence,
  CloseEnforcementCase,
  CorrectEnforcementCaseLog,
  DecideEnforcementCase,
  ExportEnforcementCases,
  GetEnforcementCase,
  GetEnforcementCaseLog,
  GetEnforcementEvidence,
  IssueRectificationNotice,
  ListEnforcementCases,
  ListEnforcementInspections,
  ListRectificationNotices,
  OpenEnforcementCase,
  RecordEnforcementInspection,
  RecordReinspection,
  ReturnEnforcementCase,
  VerifyEnforcementCaseLog,
} from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { CaseIntakeService } from './case-intake.service';
import { CaseQueryService } from './case-query.service';
import { CaseWorkflowService } from './case-workflow.service';
import { casesExport } from './cases-workbook';

/** NATS adapters of the case capability: one line each. */
export const CaseMessageController = messageController('CaseMessageController', { intake: CaseIntakeService, workflow: CaseWorkflowService, queries: CaseQueryService }, (on) => [
  on(OpenEnforcementCase, (s, req, a) => s.intake.open(a, req)),
  on(GetEnforcementCase, (s, req, a) => s.queries.get(a, req)),
  on(ListEnforcementCases, (s, req, a) => s.queries.list(a, req)),
  on(ExportEnforcementCases, (s, req, a) => s.queries.exportRows(a, req).then(casesExport)),
  on(RecordEnforcementInspection, (s, req, a) => s.workflow.inspect(a, req)),
  on(ListEnforcementInspections, (s, req, a) => s.queries.listInspections(a, req)),
  on(IssueRectificationNotice, (s, req, a) => s.workflow.issueNotice(a, req)),
  on(ListRectificationNotices, (s, req, a) => s.queries.listNotices(a, req)),
  on(RecordReinspection, (s, req, a) => s.workflow.reinspect(a, req)),
  on(DecideEnforcementCase, (s, req, a) => s.workflow.decide(a, req)),
  on(CloseEnforcementCase, (s, req, a) => s.workflow.close(a, req)),
  on(ReturnEnforcementCase, (s, req, a) => s.workflow.returnCase(a, req)),
  on(AddEnforcementEvidence, (s, req, a) => s.workflow.addEvidence(a, req)),
  on(GetEnforcementEvidence, (s, req, a) => s.queries.getEvidence(a, req)),
  on(GetEnforcementCaseLog, (s, req, a) => s.queries.getLog(a, req)),
  on(VerifyEnforcementCaseLog, (s, req, a) => s.queries.verifyLog(a, req)),
  on(CorrectEnforcementCaseLog, (s, req, a) => s.workflow.correctLog(a, req)),
]);
