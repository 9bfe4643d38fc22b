import { Injectable } from '@nestjs/common';
import {
  AcknowledgeJointOperation,
  Actor,
  AddEnforcementEvidence,
  CloseEnforcementCase,
  CorrectEnforcementCaseLog,
  CreateJointOperation,
  DecideEnforcementCase,
  EnforcementCaseDetail,
  ExportEnforcementCases,
  GetEnforcementCase,
  GetEnforcementCaseLog,
  GetEnforcementEvidence,
  GetEnforcementFigures,
  GetJointOperation,
  IssueRectificationNotice,
  ListEnforcementCases,
  ListEnforcementCategories,
  ListEnforcementInspections,
  ListJointOperations,
  ListRectificationNotices,
  OpenEnforcementCase,
  RecordEnforcementInspection,
  RecordJointOperationResult,
  RecordReinspection,
  ReturnEnforcementCase,
  UpdateEnforcementCategory,
  VerifyEnforcementCaseLog,
} from '@grid122/contracts';
import { RpcClient } from '@grid122/messaging';
import { ServiceClient } from '../clients/service.client';

/** The typed client of the enforcement service (综合执法队): timeout and error mapping in RpcClient. */
@Injectable()
export class EnforcementClient extends ServiceClient {
  constructor(rpc: RpcClient) {
    super(rpc, 'enforcement');
  }

  categories(a: Actor) {
    return this.call<ListEnforcementCategories.Reply>(ListEnforcementCategories.subject, {}, a);
  }
  updateCategory(a: Actor, req: UpdateEnforcementCategory.Request) {
    return this.call<UpdateEnforcementCategory.Reply>(UpdateEnforcementCategory.subject, req, a);
  }
  openCase(a: Actor, req: OpenEnforcementCase.Request) {
    return this.call<EnforcementCaseDetail>(OpenEnforcementCase.subject, req, a);
  }
  getCase(a: Actor, req: GetEnforcementCase.Request) {
    return this.call<GetEnforcementCase.Reply>(GetEnforcementCase.subject, req, a);
  }
  listCases(a: Actor, req: ListEnforcementCases.Request) {
    return this.call<ListEnforcementCases.Reply>(ListEnforcementCases.subject, req, a);
  }
  exportCases(a: Actor, req: ExportEnforcementCases.Request) {
    return this.call<ExportEnforcementCases.Reply>(ExportEnforcementCases.subject, req, a, 30_000);
  }
  inspect(a: Actor, req: RecordEnforcementInspection.Request) {
    return this.call<RecordEnforcementInspection.Reply>(RecordEnforcementInspection.subject, req, a);
  }
  listInspections(a: Actor, req: ListEnforcementInspections.Request) {
    return this.call<ListEnforcementInspections.Reply>(ListEnforcementInspections.subject, req, a);
  }
  issueNotice(a: Actor, req: IssueRectificationNotice.Request) {
    return this.call<IssueRectificationNotice.Reply>(IssueRectificationNotice.subject, req, a);
  }
  listNotices(a: Actor, req: ListRectificationNotices.Request) {
    return this.call<ListRectificationNotices.Reply>(ListRectificationNotices.subject, req, a);
  }
  reinspect(a: Actor, req: RecordReinspection.Request) {
    return this.call<RecordReinspection.Reply>(RecordReinspection.subject, req, a);
  }
  decide(a: Actor, req: DecideEnforcementCase.Request) {
    return this.call<DecideEnforcementCase.Reply>(DecideEnforcementCase.subject, req, a);
  }
  close(a: Actor, req: CloseEnforcementCase.Request) {
    return this.call<CloseEnforcementCase.Reply>(CloseEnforcementCase.subject, req, a);
  }
  returnCase(a: Actor, req: ReturnEnforcementCase.Request) {
    return this.call<ReturnEnforcementCase.Reply>(ReturnEnforcementCase.subject, req, a);
  }
  addEvidence(a: Actor, req: AddEnforcementEvidence.Request) {
    return this.call<AddEnforcementEvidence.Reply>(AddEnforcementEvidence.subject, req, a);
  }
  getEvidence(a: Actor, req: GetEnforcementEvidence.Request) {
    return this.call<GetEnforcementEvidence.Reply>(GetEnforcementEvidence.subject, req, a);
  }
  log(a: Actor, req: GetEnforcementCaseLog.Request) {
    return this.call<GetEnforcementCaseLog.Reply>(GetEnforcementCaseLog.subject, req, a);
  }
  verifyLog(a: Actor, req: VerifyEnforcementCaseLog.Request) {
    return this.call<VerifyEnforcementCaseLog.Reply>(VerifyEnforcementCaseLog.subject, req, a);
  }
  correctLog(a: Actor, req: CorrectEnforcementCaseLog.Request) {
    return this.call<CorrectEnforcementCaseLog.Reply>(CorrectEnforcementCaseLog.subject, req, a);
  }
  createOperation(a: Actor, req: CreateJointOperation.Request) {
    return this.call<CreateJointOperation.Reply>(CreateJointOperation.subject, req, a);
  }
  getOperation(a: Actor, req: GetJointOperation.Request) {
    return this.call<GetJointOperation.Reply>(GetJointOperation.subject, req, a);
  }
  listOperations(a: Actor, req: ListJointOperations.Request) {
    return this.call<ListJointOperations.Reply>(ListJointOperations.subject, req, a);
  }
  acknowledge(a: Actor, req: AcknowledgeJointOperation.Request) {
    return this.call<AcknowledgeJointOperation.Reply>(AcknowledgeJointOperation.subject, req, a);
  }
  recordResult(a: Actor, req: RecordJointOperationResult.Request) {
    return this.call<RecordJointOperationResult.Reply>(RecordJointOperationResult.subject, req, a);
  }
  figures(a: Actor, req: GetEnforcementFigures.Request) {
    return this.call<GetEnforcementFigures.Reply>(GetEnforcementFigures.subject, req, a);
  }
}
