import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, Role } from '@grid122/contracts';
import * as C from '@grid122/contracts/social';
import { Caller, Roles } from '../auth/auth.decorators';
import * as D from './social.dto';
import { SocialClient } from './social.client';

/** Who may call the social routes at all; the service applies the finer rules (unit, scope, sensitive categories). */
const READERS = [Role.StreetCommander, Role.DistrictViewer, Role.UnitMember, Role.GridWorker];
const WRITERS = [Role.StreetCommander, Role.UnitMember, Role.GridWorker];

@ApiTags('social: care recipients (服务对象)')
@Controller('api/v1/care-recipients')
export class SocialCareRecipientsHttpController {
  constructor(private readonly client: SocialClient) {}

  @Get() @Roles(...READERS) list(@Caller() a: Actor, @Query() q: C.ListRecipients.Request) { return this.client.listRecipients(a, q); }
  @Post() @Roles(...WRITERS) register(@Caller() a: Actor, @Body() b: C.RegisterRecipient.Request) { return this.client.registerRecipient(a, b); }
  @Get('categories') @Roles(...READERS) categories(@Caller() a: Actor) { return this.client.categories(a); }
  @Post('categories') @Roles(...WRITERS) createCategory(@Caller() a: Actor, @Body() b: C.CreateRecipientCategory.Request) { return this.client.createCategory(a, b); }
  @Get('figures') @Roles(...READERS) figures(@Caller() a: Actor, @Query() q: C.RecipientFigures.Request) { return this.client.recipientFigures(a, q); }
  @Post('vouchers/monthly-issue') @HttpCode(200) @Roles(...WRITERS) issueMonth(@Caller() a: Actor, @Body() b: C.IssueMonthlyVouchers.Request) { return this.client.issueMonthlyVouchers(a, b); }
  @Get(':id') @Roles(...READERS) get(@Caller() a: Actor, @Param('id') id: string) { return this.client.getRecipient(a, { id }); }
  @Patch(':id') @Roles(...WRITERS) update(@Caller() a: Actor, @Param('id') id: string, @Body() b: D.UpdateRecipientDto) { return this.client.updateRecipient(a, { ...b, id }); }
  @Post(':id/identity') @HttpCode(200) @Roles(Role.UnitMember) identity(@Caller() a: Actor, @Param('id') id: string, @Body() b: D.RevealIdentityDto) { return this.client.revealIdentity(a, { ...b, id }); }
  @Post(':id/supports') @Roles(...WRITERS) addSupport(@Caller() a: Actor, @Param('id') id: string, @Body() b: D.AddSupportDto) { return this.client.addSupport(a, { ...b, recipientId: id }); }
  @Post(':id/supports/:supportId/end') @HttpCode(200) @Roles(...WRITERS) endSupport(@Caller() a: Actor, @Param('id') id: string, @Param('supportId') supportId: string, @Body() b: D.EndSupportDto) { return this.client.endSupport(a, { ...b, recipientId: id, supportId }); }
  @Get(':id/vouchers') @Roles(...READERS) vouchers(@Caller() a: Actor, @Param('id') id: string) { return this.client.voucherLedger(a, { recipientId: id }); }
  @Post(':id/vouchers/issue') @Roles(...WRITERS) issue(@Caller() a: Actor, @Param('id') id: string, @Body() b: D.IssueVouchersDto) { return this.client.issueVouchers(a, { ...b, recipientId: id }); }
  @Post(':id/vouchers/redeem') @Roles(...WRITERS) redeem(@Caller() a: Actor, @Param('id') id: string, @Body() b: D.RedeemVouchersDto) { return this.client.redeemVouchers(a, { ...b, recipientId: id }); }
}

@ApiTags('social: service requests (服务需求)')
@Controller('api/v1/service-requests')
export class SocialServiceRequestsHttpController {
  constructor(private readonly client: SocialClient) {}

  @Get() @Roles(...READERS) list(@Caller() a: Actor, @Query() q: C.ListServiceRequests.Request) { return this.client.listRequests(a, q); }
  @Post() @Roles(...WRITERS) open(@Caller() a: Actor, @Body() b: C.OpenServiceRequest.Request) { return this.client.openRequest(a, b); }
  @Get('figures') @Roles(...READERS) figures(@Caller() a: Actor, @Query() q: C.ServiceRequestFigures.Request) { return this.client.requestFigures(a, q); }
  @Get(':id') @Roles(...READERS) get(@Caller() a: Actor, @Param('id') id: string) { return this.client.getRequest(a, { id }); }
  @Post(':id/assign') @HttpCode(200) @Roles(...WRITERS) assign(@Caller() a: Actor, @Param('id') id: string, @Body() b: D.AssignRequestDto) { return this.client.assignRequest(a, { ...b, id }); }
  @Post(':id/deliver') @HttpCode(200) @Roles(...WRITERS) deliver(@Caller() a: Actor, @Param('id') id: string, @Body() b: D.DeliverRequestDto) { return this.client.deliverRequest(a, { ...b, id }); }
  @Post(':id/confirm') @HttpCode(200) @Roles(...WRITERS) confirm(@Caller() a: Actor, @Param('id') id: string, @Body() b: D.ConfirmRequestDto) { return this.client.confirmRequest(a, { ...b, id }); }
  @Post(':id/cancel') @HttpCode(200) @Roles(...WRITERS) cancel(@Caller() a: Actor, @Param('id') id: string, @Body() b: D.ReasonDto) { return this.client.cancelRequest(a, { ...b, id }); }
  @Post(':id/return') @HttpCode(200) @Roles(...WRITERS) return(@Caller() a: Actor, @Param('id') id: string, @Body() b: D.ReasonDto) { return this.client.returnRequest(a, { ...b, id }); }
}

@ApiTags('social: household visits (进家门)')
@Controller('api/v1/visits')
export class SocialVisitsHttpController {
  constructor(private readonly client: SocialClient) {}

  @Get() @Roles(...READERS) list(@Caller() a: Actor, @Query() q: C.ListHouseholdVisits.Request) { return this.client.listVisits(a, q); }
  @Post() @Roles(...WRITERS) record(@Caller() a: Actor, @Body() b: C.RecordHouseholdVisit.Request) { return this.client.recordVisit(a, b); }
  @Get('rate') @Roles(...READERS) rate(@Caller() a: Actor, @Query() q: C.HouseholdVisitRate.Request) { return this.client.visitRate(a, q); }
}

@ApiTags('social: volunteers (志愿者)')
@Controller('api/v1/volunteers')
export class SocialVolunteersHttpController {
  constructor(private readonly client: SocialClient) {}

  @Get() @Roles(...READERS) list(@Caller() a: Actor, @Query() q: C.ListSocialVolunteers.Request) { return this.client.listVolunteers(a, q); }
  @Post() @Roles(...WRITERS) register(@Caller() a: Actor, @Body() b: C.RegisterSocialVolunteer.Request) { return this.client.registerVolunteer(a, b); }
  @Get('figures') @Roles(...READERS) figures(@Caller() a: Actor, @Query() q: C.VolunteerFigures.Request) { return this.client.volunteerFigures(a, q); }
  @Get('activities') @Roles(...READERS) activities(@Caller() a: Actor, @Query() q: C.ListVolunteerActivities.Request) { return this.client.listActivities(a, q); }
  @Get(':id') @Roles(...READERS) get(@Caller() a: Actor, @Param('id') id: string) { return this.client.getVolunteer(a, { id }); }
  @Post(':id/activities') @Roles(...WRITERS) activity(@Caller() a: Actor, @Param('id') id: string, @Body() b: D.ActivityDto) { return this.client.recordActivity(a, { ...b, volunteerId: id }); }
}

@ApiTags('social: volunteer teams (志愿者队伍)')
@Controller('api/v1/volunteer-teams')
export class SocialVolunteerTeamsHttpController {
  constructor(private readonly client: SocialClient) {}

  @Get() @Roles(...READERS) list(@Caller() a: Actor, @Query() q: C.ListSocialTeams.Request) { return this.client.listTeams(a, q); }
  @Post() @Roles(...WRITERS) create(@Caller() a: Actor, @Body() b: C.CreateSocialTeam.Request) { return this.client.createTeam(a, b); }
  @Get(':id') @Roles(...READERS) get(@Caller() a: Actor, @Param('id') id: string) { return this.client.getTeam(a, { id }); }
  @Post(':id/members') @HttpCode(200) @Roles(...WRITERS) add(@Caller() a: Actor, @Param('id') id: string, @Body() b: D.TeamMemberDto) { return this.client.addTeamMember(a, { ...b, teamId: id }); }
  @Delete(':id/members/:volunteerId') @Roles(...WRITERS) remove(@Caller() a: Actor, @Param('id') id: string, @Param('volunteerId') volunteerId: string) { return this.client.removeTeamMember(a, { teamId: id, volunteerId }); }
}

@ApiTags('social: points (积分)')
@Controller('api/v1/points')
export class SocialPointsHttpController {
  constructor(private readonly client: SocialClient) {}

  @Get() @Roles(...READERS) balances(@Caller() a: Actor, @Query() q: C.PointsBalances.Request) { return this.client.pointsBalances(a, q); }
  @Post('adjustments') @Roles(...WRITERS) adjust(@Caller() a: Actor, @Body() b: C.AdjustPoints.Request) { return this.client.adjustPoints(a, b); }
  @Get(':volunteerId') @Roles(...READERS) ledger(@Caller() a: Actor, @Param('volunteerId') volunteerId: string, @Query() q: D.LedgerQueryDto) { return this.client.pointsLedger(a, { ...q, volunteerId }); }
}

/** Residents' points (居民积分): the community workstation records participation, with the social team and the hub. */
const RESIDENT_POINTS_WRITERS = [Role.StreetCommander, Role.UnitMember, Role.CommunityStation];
const RESIDENT_POINTS_READERS = [...READERS, Role.CommunityStation];

@ApiTags('social: residents\' points (居民积分)')
@Controller('api/v1/resident-points')
export class SocialResidentPointsHttpController {
  constructor(private readonly client: SocialClient) {}

  @Post() @Roles(...RESIDENT_POINTS_WRITERS) register(@Caller() a: Actor, @Body() b: C.RegisterResidentHolder.Request) { return this.client.registerResidentHolder(a, b); }
  @Get(':id') @Roles(...RESIDENT_POINTS_READERS) get(@Caller() a: Actor, @Param('id') id: string) { return this.client.getResidentHolder(a, { id }); }
  @Post(':id/awards') @Roles(...RESIDENT_POINTS_WRITERS) award(@Caller() a: Actor, @Param('id') id: string, @Body() b: D.ResidentAwardDto) { return this.client.awardResidentPoints(a, { ...b, residentId: id }); }
}

@ApiTags('social: love supermarket (爱心超市)')
@Controller('api/v1/supermarket')
export class SocialSupermarketHttpController {
  constructor(private readonly client: SocialClient) {}

  @Get('items') @Roles(...READERS) items(@Caller() a: Actor, @Query() q: C.ListSupermarketItems.Request) { return this.client.listItems(a, q); }
  @Post('items') @Roles(...WRITERS) createItem(@Caller() a: Actor, @Body() b: C.CreateSupermarketItem.Request) { return this.client.createItem(a, b); }
  @Patch('items/:id') @Roles(...WRITERS) updateItem(@Caller() a: Actor, @Param('id') id: string, @Body() b: D.UpdateItemDto) { return this.client.updateItem(a, { ...b, id }); }
  @Get('stock') @Roles(...READERS) stock(@Caller() a: Actor) { return this.client.stock(a); }
  @Post('stock') @Roles(...WRITERS) moveStock(@Caller() a: Actor, @Body() b: C.MoveSupermarketStock.Request) { return this.client.moveStock(a, b); }
  @Get('exchanges') @Roles(...READERS) exchanges(@Caller() a: Actor, @Query() q: C.ListPointExchanges.Request) { return this.client.listExchanges(a, q); }
  @Post('exchanges') @Roles(...WRITERS) exchange(@Caller() a: Actor, @Body() b: C.ExchangePoints.Request) { return this.client.exchange(a, b); }
  @Get('donations') @Roles(...READERS) donations(@Caller() a: Actor, @Query() q: C.ListDonations.Request) { return this.client.listDonations(a, q); }
  @Post('donations') @Roles(...WRITERS) donate(@Caller() a: Actor, @Body() b: C.RecordDonation.Request) { return this.client.donate(a, b); }
  @Get('statements/:month') @Roles(...READERS) statement(@Caller() a: Actor, @Param('month') month: string) { return this.client.statement(a, { month }); }
}

@ApiTags('social: service points (便民服务点)')
@Controller('api/v1/service-points')
export class SocialServicePointsHttpController {
  constructor(private readonly client: SocialClient) {}

  @Get() @Roles(...READERS) list(@Caller() a: Actor, @Query() q: C.ListServicePoints.Request) { return this.client.listServicePoints(a, q); }
  @Post() @Roles(...WRITERS) create(@Caller() a: Actor, @Body() b: C.CreateServicePoint.Request) { return this.client.createServicePoint(a, b); }
  @Get(':id') @Roles(...READERS) get(@Caller() a: Actor, @Param('id') id: string) { return this.client.getServicePoint(a, { id }); }
  @Patch(':id') @Roles(...WRITERS) update(@Caller() a: Actor, @Param('id') id: string, @Body() b: D.UpdateServicePointDto) { return this.client.updateServicePoint(a, { ...b, id }); }
}

@ApiTags('social: 15-minute service circle (15分钟便民服务圈)')
@Controller('api/v1/service-circle')
export class SocialServiceCircleHttpController {
  constructor(private readonly client: SocialClient) {}

  @Get() @Roles(...READERS) at(@Caller() a: Actor, @Query() q: C.CircleAt.Request) { return this.client.circleAt(a, q); }
  @Get('gaps') @Roles(...READERS) gaps(@Caller() a: Actor, @Query() q: C.CircleGaps.Request) { return this.client.circleGaps(a, q); }
  @Put('grids') @Roles(Role.StreetCommander, Role.UnitMember) upsertGrids(@Caller() a: Actor, @Body() b: C.UpsertCircleGrids.Request) { return this.client.upsertGrids(a, b); }
  @Post('grids/sync') @HttpCode(200) @Roles(Role.StreetCommander, Role.UnitMember) sync(@Caller() a: Actor) { return this.client.syncGrids(a); }
}
