import { Injectable } from '@nestjs/common';
import * as C from '@grid122/contracts/social';
import { Actor } from '@grid122/contracts';
import { RpcClient } from '@grid122/messaging';
import { ServiceClient } from '../clients/service.client';

/** The typed client of social-services: one method per subject, timeout and error mapping in RpcClient. */
@Injectable()
export class SocialClient extends ServiceClient {
  constructor(rpc: RpcClient) {
    super(rpc, 'social-services');
  }

  // care recipients and vouchers
  registerRecipient(a: Actor, r: C.RegisterRecipient.Request) { return this.call<C.RegisterRecipient.Reply>(C.RegisterRecipient.subject, r, a); }
  updateRecipient(a: Actor, r: C.UpdateRecipient.Request) { return this.call<C.UpdateRecipient.Reply>(C.UpdateRecipient.subject, r, a); }
  listRecipients(a: Actor, r: C.ListRecipients.Request) { return this.call<C.ListRecipients.Reply>(C.ListRecipients.subject, r, a); }
  getRecipient(a: Actor, r: C.GetRecipient.Request) { return this.call<C.GetRecipient.Reply>(C.GetRecipient.subject, r, a); }
  revealIdentity(a: Actor, r: C.RevealRecipientIdentity.Request) { return this.call<C.RevealRecipientIdentity.Reply>(C.RevealRecipientIdentity.subject, r, a); }
  addSupport(a: Actor, r: C.AddRecipientSupport.Request) { return this.call<C.AddRecipientSupport.Reply>(C.AddRecipientSupport.subject, r, a); }
  endSupport(a: Actor, r: C.EndRecipientSupport.Request) { return this.call<C.EndRecipientSupport.Reply>(C.EndRecipientSupport.subject, r, a); }
  categories(a: Actor) { return this.call<C.ListRecipientCategories.Reply>(C.ListRecipientCategories.subject, {}, a); }
  createCategory(a: Actor, r: C.CreateRecipientCategory.Request) { return this.call<C.CreateRecipientCategory.Reply>(C.CreateRecipientCategory.subject, r, a); }
  recipientFigures(a: Actor, r: C.RecipientFigures.Request) { return this.call<C.RecipientFigures.Reply>(C.RecipientFigures.subject, r, a); }
  issueVouchers(a: Actor, r: C.IssueVouchers.Request) { return this.call<C.IssueVouchers.Reply>(C.IssueVouchers.subject, r, a); }
  issueMonthlyVouchers(a: Actor, r: C.IssueMonthlyVouchers.Request) { return this.call<C.IssueMonthlyVouchers.Reply>(C.IssueMonthlyVouchers.subject, r, a, 30_000); }
  redeemVouchers(a: Actor, r: C.RedeemVouchers.Request) { return this.call<C.RedeemVouchers.Reply>(C.RedeemVouchers.subject, r, a); }
  voucherLedger(a: Actor, r: C.VoucherLedger.Request) { return this.call<C.VoucherLedger.Reply>(C.VoucherLedger.subject, r, a); }

  // service requests
  openRequest(a: Actor, r: C.OpenServiceRequest.Request) { return this.call<C.OpenServiceRequest.Reply>(C.OpenServiceRequest.subject, r, a); }
  listRequests(a: Actor, r: C.ListServiceRequests.Request) { return this.call<C.ListServiceRequests.Reply>(C.ListServiceRequests.subject, r, a); }
  getRequest(a: Actor, r: C.GetServiceRequest.Request) { return this.call<C.GetServiceRequest.Reply>(C.GetServiceRequest.subject, r, a); }
  assignRequest(a: Actor, r: C.AssignServiceRequest.Request) { return this.call<C.AssignServiceRequest.Reply>(C.AssignServiceRequest.subject, r, a); }
  deliverRequest(a: Actor, r: C.DeliverServiceRequest.Request) { return this.call<C.DeliverServiceRequest.Reply>(C.DeliverServiceRequest.subject, r, a); }
  confirmRequest(a: Actor, r: C.ConfirmServiceRequest.Request) { return this.call<C.ConfirmServiceRequest.Reply>(C.ConfirmServiceRequest.subject, r, a); }
  cancelRequest(a: Actor, r: C.CancelServiceRequest.Request) { return this.call<C.CancelServiceRequest.Reply>(C.CancelServiceRequest.subject, r, a); }
  returnRequest(a: Actor, r: C.ReturnServiceRequest.Request) { return this.call<C.ReturnServiceRequest.Reply>(C.ReturnServiceRequest.subject, r, a); }
  requestFigures(a: Actor, r: C.ServiceRequestFigures.Request) { return this.call<C.ServiceRequestFigures.Reply>(C.ServiceRequestFigures.subject, r, a); }

  // visits
  recordVisit(a: Actor, r: C.RecordHouseholdVisit.Request) { return this.call<C.RecordHouseholdVisit.Reply>(C.RecordHouseholdVisit.subject, r, a); }
  listVisits(a: Actor, r: C.ListHouseholdVisits.Request) { return this.call<C.ListHouseholdVisits.Reply>(C.ListHouseholdVisits.subject, r, a); }
  visitRate(a: Actor, r: C.HouseholdVisitRate.Request) { return this.call<C.HouseholdVisitRate.Reply>(C.HouseholdVisitRate.subject, r, a); }

  // volunteers, teams, points
  registerVolunteer(a: Actor, r: C.RegisterSocialVolunteer.Request) { return this.call<C.RegisterSocialVolunteer.Reply>(C.RegisterSocialVolunteer.subject, r, a); }
  listVolunteers(a: Actor, r: C.ListSocialVolunteers.Request) { return this.call<C.ListSocialVolunteers.Reply>(C.ListSocialVolunteers.subject, r, a); }
  getVolunteer(a: Actor, r: C.GetSocialVolunteer.Request) { return this.call<C.GetSocialVolunteer.Reply>(C.GetSocialVolunteer.subject, r, a); }
  recordActivity(a: Actor, r: C.RecordVolunteerActivity.Request) { return this.call<C.RecordVolunteerActivity.Reply>(C.RecordVolunteerActivity.subject, r, a); }
  listActivities(a: Actor, r: C.ListVolunteerActivities.Request) { return this.call<C.ListVolunteerActivities.Reply>(C.ListVolunteerActivities.subject, r, a); }
  volunteerFigures(a: Actor, r: C.VolunteerFigures.Request) { return this.call<C.VolunteerFigures.Reply>(C.VolunteerFigures.subject, r, a); }
  listTeams(a: Actor, r: C.ListSocialTeams.Request) { return this.call<C.ListSocialTeams.Reply>(C.ListSocialTeams.subject, r, a); }
  createTeam(a: Actor, r: C.CreateSocialTeam.Request) { return this.call<C.CreateSocialTeam.Reply>(C.CreateSocialTeam.subject, r, a); }
  getTeam(a: Actor, r: C.GetSocialTeam.Request) { return this.call<C.GetSocialTeam.Reply>(C.GetSocialTeam.subject, r, a); }
  addTeamMember(a: Actor, r: C.AddSocialTeamMember.Request) { return this.call<C.AddSocialTeamMember.Reply>(C.AddSocialTeamMember.subject, r, a); }
  removeTeamMember(a: Actor, r: C.RemoveSocialTeamMember.Request) { return this.call<C.RemoveSocialTeamMember.Reply>(C.RemoveSocialTeamMember.subject, r, a); }
  pointsLedger(a: Actor, r: C.PointsLedger.Request) { return this.call<C.PointsLedger.Reply>(C.PointsLedger.subject, r, a); }
  pointsBalances(a: Actor, r: C.PointsBalances.Request) { return this.call<C.PointsBalances.Reply>(C.PointsBalances.subject, r, a); }
  adjustPoints(a: Actor, r: C.AdjustPoints.Request) { return this.call<C.AdjustPoints.Reply>(C.AdjustPoints.subject, r, a); }

  // residents' points (居民积分)
  registerResidentHolder(a: Actor, r: C.RegisterResidentHolder.Request) { return this.call<C.RegisterResidentHolder.Reply>(C.RegisterResidentHolder.subject, r, a); }
  getResidentHolder(a: Actor, r: C.GetResidentHolder.Request) { return this.call<C.GetResidentHolder.Reply>(C.GetResidentHolder.subject, r, a); }
  awardResidentPoints(a: Actor, r: C.AwardResidentPoints.Request) { return this.call<C.AwardResidentPoints.Reply>(C.AwardResidentPoints.subject, r, a); }

  // love supermarket
  listItems(a: Actor, r: C.ListSupermarketItems.Request) { return this.call<C.ListSupermarketItems.Reply>(C.ListSupermarketItems.subject, r, a); }
  createItem(a: Actor, r: C.CreateSupermarketItem.Request) { return this.call<C.CreateSupermarketItem.Reply>(C.CreateSupermarketItem.subject, r, a); }
  updateItem(a: Actor, r: C.UpdateSupermarketItem.Request) { return this.call<C.UpdateSupermarketItem.Reply>(C.UpdateSupermarketItem.subject, r, a); }
  stock(a: Actor) { return this.call<C.ListSupermarketStock.Reply>(C.ListSupermarketStock.subject, {}, a); }
  moveStock(a: Actor, r: C.MoveSupermarketStock.Request) { return this.call<C.MoveSupermarketStock.Reply>(C.MoveSupermarketStock.subject, r, a); }
  exchange(a: Actor, r: C.ExchangePoints.Request) { return this.call<C.ExchangePoints.Reply>(C.ExchangePoints.subject, r, a); }
  listExchanges(a: Actor, r: C.ListPointExchanges.Request) { return this.call<C.ListPointExchanges.Reply>(C.ListPointExchanges.subject, r, a); }
  donate(a: Actor, r: C.RecordDonation.Request) { return this.call<C.RecordDonation.Reply>(C.RecordDonation.subject, r, a); }
  listDonations(a: Actor, r: C.ListDonations.Request) { return this.call<C.ListDonations.Reply>(C.ListDonations.subject, r, a); }
  statement(a: Actor, r: C.SupermarketStatement.Request) { return this.call<C.SupermarketStatement.Reply>(C.SupermarketStatement.subject, r, a); }

  // service points and the circle
  createServicePoint(a: Actor, r: C.CreateServicePoint.Request) { return this.call<C.CreateServicePoint.Reply>(C.CreateServicePoint.subject, r, a); }
  updateServicePoint(a: Actor, r: C.UpdateServicePoint.Request) { return this.call<C.UpdateServicePoint.Reply>(C.UpdateServicePoint.subject, r, a); }
  getServicePoint(a: Actor, r: C.GetServicePoint.Request) { return this.call<C.GetServicePoint.Reply>(C.GetServicePoint.subject, r, a); }
  listServicePoints(a: Actor, r: C.ListServicePoints.Request) { return this.call<C.ListServicePoints.Reply>(C.ListServicePoints.subject, r, a); }
  circleAt(a: Actor, r: C.CircleAt.Request) { return this.call<C.CircleAt.Reply>(C.CircleAt.subject, r, a); }
  circleGaps(a: Actor, r: C.CircleGaps.Request) { return this.call<C.CircleGaps.Reply>(C.CircleGaps.subject, r, a); }
  upsertGrids(a: Actor, r: C.UpsertCircleGrids.Request) { return this.call<C.UpsertCircleGrids.Reply>(C.UpsertCircleGrids.subject, r, a, 30_000); }
  syncGrids(a: Actor) { return this.call<C.SyncCircleGrids.Reply>(C.SyncCircleGrids.subject, {}, a, 60_000); }
}
