import { Injectable } from '@nestjs/common';
import * as C from '@grid122/contracts';
import { Actor } from '@grid122/contracts';
import { RpcClient } from '@grid122/messaging';
import { ServiceClient } from '../clients/service.client';

/** Typed client of the petitions service (综合信访稳定组): one method per subject. */
@Injectable()
export class PetitionsClient extends ServiceClient {
  constructor(rpc: RpcClient) {
    super(rpc, 'petitions');
  }

  // 信访
  registerPetition = (a: Actor, r: C.RegisterPetition.Request) => this.call<C.RegisterPetition.Reply>(C.RegisterPetition.subject, r, a);
  listPetitions = (a: Actor, r: C.ListPetitions.Request) => this.call<C.ListPetitions.Reply>(C.ListPetitions.subject, r, a);
  overduePetitions = (a: Actor, r: C.ListOverduePetitions.Request) => this.call<C.ListOverduePetitions.Reply>(C.ListOverduePetitions.subject, r, a);
  getPetition = (a: Actor, id: string) => this.call<C.GetPetition.Reply>(C.GetPetition.subject, { id }, a);
  acceptPetition = (a: Actor, r: C.AcceptPetition.Request) => this.call<C.AcceptPetition.Reply>(C.AcceptPetition.subject, r, a);
  rejectPetition = (a: Actor, r: C.RejectPetition.Request) => this.call<C.RejectPetition.Reply>(C.RejectPetition.subject, r, a);
  extendPetition = (a: Actor, r: C.ExtendPetition.Request) => this.call<C.ExtendPetition.Reply>(C.ExtendPetition.subject, r, a);
  replyPetition = (a: Actor, r: C.ReplyPetition.Request) => this.call<C.ReplyPetition.Reply>(C.ReplyPetition.subject, r, a);
  closePetition = (a: Actor, r: C.ClosePetition.Request) => this.call<C.ClosePetition.Reply>(C.ClosePetition.subject, r, a);
  handoverPetition = (a: Actor, r: C.HandoverPetition.Request) => this.call<C.HandoverPetition.Reply>(C.HandoverPetition.subject, r, a);
  returnPetition = (a: Actor, r: C.ReturnPetition.Request) => this.call<C.ReturnPetition.Reply>(C.ReturnPetition.subject, r, a);
  revealPetition = (a: Actor, r: C.RevealPetition.Request) => this.call<C.RevealPetition.Reply>(C.RevealPetition.subject, r, a);
  identityAudit = (a: Actor, r: C.ListIdentityAudit.Request) => this.call<C.ListIdentityAudit.Reply>(C.ListIdentityAudit.subject, r, a);
  figures = (a: Actor, r: C.GetPetitionsFigures.Request) => this.call<C.GetPetitionsFigures.Reply>(C.GetPetitionsFigures.subject, r, a);

  // 三层接访
  scheduleReception = (a: Actor, r: C.ScheduleReception.Request) => this.call<C.ScheduleReception.Reply>(C.ScheduleReception.subject, r, a);
  listReceptions = (a: Actor, r: C.ListReceptions.Request) => this.call<C.ListReceptions.Reply>(C.ListReceptions.subject, r, a);
  getReception = (a: Actor, id: string) => this.call<C.GetReception.Reply>(C.GetReception.subject, { id }, a);
  publishReception = (a: Actor, id: string) => this.call<C.PublishReception.Reply>(C.PublishReception.subject, { id }, a);
  cancelReception = (a: Actor, id: string) => this.call<C.CancelReception.Reply>(C.CancelReception.subject, { id }, a);
  bookSlot = (a: Actor, r: C.BookReceptionSlot.Request) => this.call<C.BookReceptionSlot.Reply>(C.BookReceptionSlot.subject, r, a);
  recordSlot = (a: Actor, r: C.RecordSlotOutcome.Request) => this.call<C.RecordSlotOutcome.Reply>(C.RecordSlotOutcome.subject, r, a);
  recordReception = (a: Actor, r: C.RecordReception.Request) => this.call<C.RecordReception.Reply>(C.RecordReception.subject, r, a);

  // 矛盾纠纷
  openDispute = (a: Actor, r: C.OpenDispute.Request) => this.call<C.OpenDispute.Reply>(C.OpenDispute.subject, r, a);
  listDisputes = (a: Actor, r: C.ListDisputes.Request) => this.call<C.ListDisputes.Reply>(C.ListDisputes.subject, r, a);
  getDispute = (a: Actor, id: string) => this.call<C.GetDispute.Reply>(C.GetDispute.subject, { id }, a);
  addDisputeParty = (a: Actor, r: C.AddDisputeParty.Request) => this.call<C.AddDisputeParty.Reply>(C.AddDisputeParty.subject, r, a);
  recordSession = (a: Actor, r: C.RecordMediationSession.Request) => this.call<C.RecordMediationSession.Reply>(C.RecordMediationSession.subject, r, a);
  closeDispute = (a: Actor, r: C.CloseDispute.Request) => this.call<C.CloseDispute.Reply>(C.CloseDispute.subject, r, a);
  returnDispute = (a: Actor, r: C.ReturnDispute.Request) => this.call<C.ReturnDispute.Reply>(C.ReturnDispute.subject, r, a);
  revealDispute = (a: Actor, r: C.RevealDispute.Request) => this.call<C.RevealDispute.Reply>(C.RevealDispute.subject, r, a);

  // 特殊人群
  listCategories = (a: Actor) => this.call<C.ListPopulationCategories.Reply>(C.ListPopulationCategories.subject, {}, a);
  defineCategory = (a: Actor, r: C.DefinePopulationCategory.Request) => this.call<C.DefinePopulationCategory.Reply>(C.DefinePopulationCategory.subject, r, a);
  registerSpecialPerson = (a: Actor, r: C.RegisterSpecialPerson.Request) => this.call<C.RegisterSpecialPerson.Reply>(C.RegisterSpecialPerson.subject, r, a);
  listSpecialPeople = (a: Actor, r: C.ListSpecialPeople.Request) => this.call<C.ListSpecialPeople.Reply>(C.ListSpecialPeople.subject, r, a);
  getSpecialPerson = (a: Actor, id: string) => this.call<C.GetSpecialPerson.Reply>(C.GetSpecialPerson.subject, { id }, a);
  updateRisk = (a: Actor, r: C.UpdateSpecialPersonRisk.Request) => this.call<C.UpdateSpecialPersonRisk.Reply>(C.UpdateSpecialPersonRisk.subject, r, a);
  recordFollowUp = (a: Actor, r: C.RecordFollowUp.Request) => this.call<C.RecordFollowUp.Reply>(C.RecordFollowUp.subject, r, a);
  revealSpecialPerson = (a: Actor, r: C.RevealSpecialPerson.Request) => this.call<C.RevealSpecialPerson.Reply>(C.RevealSpecialPerson.subject, r, a);
  exportSpecialPeople = (a: Actor, r: C.ExportSpecialPeople.Request) => this.call<C.ExportSpecialPeople.Reply>(C.ExportSpecialPeople.subject, r, a, 30_000);

  // 流动人口
  registerFloating = (a: Actor, r: C.RegisterFloatingPerson.Request) => this.call<C.RegisterFloatingPerson.Reply>(C.RegisterFloatingPerson.subject, r, a);
  listFloating = (a: Actor, r: C.ListFloatingPeople.Request) => this.call<C.ListFloatingPeople.Reply>(C.ListFloatingPeople.subject, r, a);
  floatingLeft = (a: Actor, r: C.FloatingPersonLeft.Request) => this.call<C.FloatingPersonLeft.Reply>(C.FloatingPersonLeft.subject, r, a);
  revealFloating = (a: Actor, r: C.RevealFloatingPerson.Request) => this.call<C.RevealFloatingPerson.Reply>(C.RevealFloatingPerson.subject, r, a);
  exportFloating = (a: Actor, r: C.ExportFloatingPeople.Request) => this.call<C.ExportFloatingPeople.Reply>(C.ExportFloatingPeople.subject, r, a, 30_000);

  // 四级预警, 例会
  issueWarning = (a: Actor, r: C.IssueWarning.Request) => this.call<C.IssueWarning.Reply>(C.IssueWarning.subject, r, a);
  listWarnings = (a: Actor, r: C.ListWarnings.Request) => this.call<C.ListWarnings.Reply>(C.ListWarnings.subject, r, a);
  currentWarnings = (a: Actor) => this.call<C.CurrentWarnings.Reply>(C.CurrentWarnings.subject, {}, a);
  getWarning = (a: Actor, id: string) => this.call<C.GetWarning.Reply>(C.GetWarning.subject, { id }, a);
  acknowledgeWarning = (a: Actor, r: C.AcknowledgeWarning.Request) => this.call<C.AcknowledgeWarning.Reply>(C.AcknowledgeWarning.subject, r, a);
  unacknowledged = (a: Actor, id: string) => this.call<C.ListUnacknowledged.Reply>(C.ListUnacknowledged.subject, { id }, a);
  liftWarning = (a: Actor, r: C.LiftWarning.Request) => this.call<C.LiftWarning.Reply>(C.LiftWarning.subject, r, a);
  recordMeeting = (a: Actor, r: C.RecordMeeting.Request) => this.call<C.RecordMeeting.Reply>(C.RecordMeeting.subject, r, a);
  listMeetings = (a: Actor, r: C.ListMeetings.Request) => this.call<C.ListMeetings.Reply>(C.ListMeetings.subject, r, a);
  getMeeting = (a: Actor, id: string) => this.call<C.GetMeeting.Reply>(C.GetMeeting.subject, { id }, a);
}
