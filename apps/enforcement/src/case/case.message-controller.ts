import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  Actor,
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
import { CurrentActor } from '@grid122/messaging';
import { CaseIntakeService } from './case-intake.service';
import { CaseQueryService } from './case-query.service';
import { CaseWorkflowService } from './case-workflow.service';
import { casesWorkbook } from './cases-workbook';

/** NATS adapters of the case capability: one line each. */
@Controller()
export class CaseMessageController {
  constructor(
    private readonly intake: CaseIntakeService,
    private readonly workflow: CaseWorkflowService,
    private readonly queries: CaseQueryService,
  ) {}

  @MessagePattern(OpenEnforcementCase.subject)
  open(@Payload() req: OpenEnforcementCase.Request, @CurrentActor() a: Actor) {
    return this.intake.open(a, req);
  }

  @MessagePattern(GetEnforcementCase.subject)
  get(@Payload() req: GetEnforcementCase.Request, @CurrentActor() a: Actor) {
    return this.queries.get(a, req);
  }

  @MessagePattern(ListEnforcementCases.subject)
  list(@Payload() req: ListEnforcementCases.Request, @CurrentActor() a: Actor) {
    return this.queries.list(a, req);
  }

  @MessagePattern(ExportEnforcementCases.subject)
  async export(@Payload() req: ExportEnforcementCases.Request, @CurrentActor() a: Actor): Promise<ExportEnforcementCases.Reply> {
    const { rows, truncated } = await this.queries.exportRows(a, req);
    return { base64: (await casesWorkbook(rows, truncated)).toString('base64'), rows: rows.length, truncated };
  }

  @MessagePattern(RecordEnforcementInspection.subject)
  inspect(@Payload() req: RecordEnforcementInspection.Request, @CurrentActor() a: Actor) {
    return this.workflow.inspect(a, req);
  }

  @MessagePattern(ListEnforcementInspections.subject)
  inspections(@Payload() req: ListEnforcementInspections.Request, @CurrentActor() a: Actor) {
    return this.queries.listInspections(a, req);
  }

  @MessagePattern(IssueRectificationNotice.subject)
  issueNotice(@Payload() req: IssueRectificationNotice.Request, @CurrentActor() a: Actor) {
    return this.workflow.issueNotice(a, req);
  }

  @MessagePattern(ListRectificationNotices.subject)
  notices(@Payload() req: ListRectificationNotices.Request, @CurrentActor() a: Actor) {
    return this.queries.listNotices(a, req);
  }

  @MessagePattern(RecordReinspection.subject)
  reinspect(@Payload() req: RecordReinspection.Request, @CurrentActor() a: Actor) {
    return this.workflow.reinspect(a, req);
  }

  @MessagePattern(DecideEnforcementCase.subject)
  decide(@Payload() req: DecideEnforcementCase.Request, @CurrentActor() a: Actor) {
    return this.workflow.decide(a, req);
  }

  @MessagePattern(CloseEnforcementCase.subject)
  close(@Payload() req: CloseEnforcementCase.Request, @CurrentActor() a: Actor) {
    return this.workflow.close(a, req);
  }

  @MessagePattern(ReturnEnforcementCase.subject)
  returnCase(@Payload() req: ReturnEnforcementCase.Request, @CurrentActor() a: Actor) {
    return this.workflow.returnCase(a, req);
  }

  @MessagePattern(AddEnforcementEvidence.subject)
  addEvidence(@Payload() req: AddEnforcementEvidence.Request, @CurrentActor() a: Actor) {
    return this.workflow.addEvidence(a, req);
  }

  @MessagePattern(GetEnforcementEvidence.subject)
  getEvidence(@Payload() req: GetEnforcementEvidence.Request, @CurrentActor() a: Actor) {
    return this.queries.getEvidence(a, req);
  }

  @MessagePattern(GetEnforcementCaseLog.subject)
  getLog(@Payload() req: GetEnforcementCaseLog.Request, @CurrentActor() a: Actor) {
    return this.queries.getLog(a, req);
  }

  @MessagePattern(VerifyEnforcementCaseLog.subject)
  verifyLog(@Payload() req: VerifyEnforcementCaseLog.Request, @CurrentActor() a: Actor) {
    return this.queries.verifyLog(a, req);
  }

  @MessagePattern(CorrectEnforcementCaseLog.subject)
  correctLog(@Payload() req: CorrectEnforcementCaseLog.Request, @CurrentActor() a: Actor) {
    return this.workflow.correctLog(a, req);
  }
}
