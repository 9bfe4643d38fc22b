import { Role } from '@grid122/contracts';
import * as C from '@grid122/contracts/social';
import { commands, del, get, httpController, only, patch, post, put } from '../routing/routes';

/** Who may call the social routes at all; the service applies the finer rules (unit, scope, sensitive categories). */
const READERS = [Role.StreetCommander, Role.DistrictViewer, Role.UnitMember, Role.GridWorker];
const WRITERS = [Role.StreetCommander, Role.UnitMember, Role.GridWorker];
const ok = { status: 200 };
const bearer = false;

export const SocialCareRecipientsHttpController = httpController('SocialCareRecipientsHttpController', { path: 'api/v1/care-recipients', tag: 'social: care recipients (服务对象)', bearer }, [
  get('', C.ListRecipients, READERS, 'list'),
  post('', C.RegisterRecipient, WRITERS, 'register'),
  get('categories', C.ListRecipientCategories, READERS, 'categories'),
  post('categories', C.CreateRecipientCategory, WRITERS, 'createCategory'),
  get('figures', C.RecipientFigures, READERS, 'figures'),
  post('vouchers/monthly-issue', C.IssueMonthlyVouchers, WRITERS, 'issueMonth', { ...ok, timeoutMs: 30_000 }),
  get(':id', C.GetRecipient, READERS, 'get'),
  patch(':id', C.UpdateRecipient, WRITERS, 'update'),
  post(':id/identity', C.RevealRecipientIdentity, only(Role.UnitMember), 'identity', ok), // the social team; not the system admin (三员分立)
  post(':id/supports', C.AddRecipientSupport, WRITERS, 'addSupport', { params: { id: 'recipientId' } }),
  post(':id/supports/:supportId/end', C.EndRecipientSupport, WRITERS, 'endSupport', { ...ok, params: { id: 'recipientId' } }),
  get(':id/vouchers', C.VoucherLedger, READERS, 'vouchers', { params: { id: 'recipientId' }, input: 'none' }),
  post(':id/vouchers/issue', C.IssueVouchers, WRITERS, 'issue', { params: { id: 'recipientId' } }),
  post(':id/vouchers/redeem', C.RedeemVouchers, WRITERS, 'redeem', { params: { id: 'recipientId' } }),
]);

export const SocialServiceRequestsHttpController = httpController('SocialServiceRequestsHttpController', { path: 'api/v1/service-requests', tag: 'social: service requests (服务需求)', bearer }, [
  get('', C.ListServiceRequests, READERS, 'list'),
  post('', C.OpenServiceRequest, WRITERS, 'open'),
  get('figures', C.ServiceRequestFigures, READERS, 'figures'),
  get(':id', C.GetServiceRequest, READERS, 'get'),
  ...commands(WRITERS, {
    assign: C.AssignServiceRequest,
    deliver: C.DeliverServiceRequest,
    confirm: C.ConfirmServiceRequest,
    cancel: C.CancelServiceRequest,
    return: C.ReturnServiceRequest,
  }),
]);

export const SocialVisitsHttpController = httpController('SocialVisitsHttpController', { path: 'api/v1/visits', tag: 'social: household visits (进家门)', bearer }, [
  get('', C.ListHouseholdVisits, READERS, 'list'),
  post('', C.RecordHouseholdVisit, WRITERS, 'record'),
  get('rate', C.HouseholdVisitRate, READERS, 'rate'),
]);

export const SocialVolunteersHttpController = httpController('SocialVolunteersHttpController', { path: 'api/v1/volunteers', tag: 'social: volunteers (志愿者)', bearer }, [
  get('', C.ListSocialVolunteers, READERS, 'list'),
  post('', C.RegisterSocialVolunteer, WRITERS, 'register'),
  get('figures', C.VolunteerFigures, READERS, 'figures'),
  get('activities', C.ListVolunteerActivities, READERS, 'activities'),
  get(':id', C.GetSocialVolunteer, READERS, 'get'),
  post(':id/activities', C.RecordVolunteerActivity, WRITERS, 'activity', { params: { id: 'volunteerId' } }),
]);

export const SocialVolunteerTeamsHttpController = httpController('SocialVolunteerTeamsHttpController', { path: 'api/v1/volunteer-teams', tag: 'social: volunteer teams (志愿者队伍)', bearer }, [
  get('', C.ListSocialTeams, READERS, 'list'),
  post('', C.CreateSocialTeam, WRITERS, 'create'),
  get(':id', C.GetSocialTeam, READERS, 'get'),
  post(':id/members', C.AddSocialTeamMember, WRITERS, 'add', { ...ok, params: { id: 'teamId' } }),
  del(':id/members/:volunteerId', C.RemoveSocialTeamMember, WRITERS, 'remove', { params: { id: 'teamId' }, input: 'none' }),
]);

export const SocialPointsHttpController = httpController('SocialPointsHttpController', { path: 'api/v1/points', tag: 'social: points (积分)', bearer }, [
  get('', C.PointsBalances, READERS, 'balances'),
  post('adjustments', C.AdjustPoints, WRITERS, 'adjust'),
  get(':volunteerId', C.PointsLedger, READERS, 'ledger'),
]);

/** Residents' points (居民积分): the community workstation records participation, with the social team and the hub. */
const RESIDENT_POINTS_WRITERS = [Role.StreetCommander, Role.UnitMember, Role.CommunityStation];
const RESIDENT_POINTS_READERS = [...READERS, Role.CommunityStation];

export const SocialResidentPointsHttpController = httpController('SocialResidentPointsHttpController', { path: 'api/v1/resident-points', tag: 'social: residents\' points (居民积分)', bearer }, [
  post('', C.RegisterResidentHolder, RESIDENT_POINTS_WRITERS, 'register'),
  get(':id', C.GetResidentHolder, RESIDENT_POINTS_READERS, 'get'),
  post(':id/awards', C.AwardResidentPoints, RESIDENT_POINTS_WRITERS, 'award', { params: { id: 'residentId' } }),
]);

export const SocialSupermarketHttpController = httpController('SocialSupermarketHttpController', { path: 'api/v1/supermarket', tag: 'social: love supermarket (爱心超市)', bearer }, [
  get('items', C.ListSupermarketItems, READERS, 'items'),
  post('items', C.CreateSupermarketItem, WRITERS, 'createItem'),
  patch('items/:id', C.UpdateSupermarketItem, WRITERS, 'updateItem'),
  get('stock', C.ListSupermarketStock, READERS, 'stock'),
  post('stock', C.MoveSupermarketStock, WRITERS, 'moveStock'),
  get('exchanges', C.ListPointExchanges, READERS, 'exchanges'),
  post('exchanges', C.ExchangePoints, WRITERS, 'exchange'),
  get('donations', C.ListDonations, READERS, 'donations'),
  post('donations', C.RecordDonation, WRITERS, 'donate'),
  get('statements/:month', C.SupermarketStatement, READERS, 'statement', { input: 'none' }),
]);

export const SocialServicePointsHttpController = httpController('SocialServicePointsHttpController', { path: 'api/v1/service-points', tag: 'social: service points (便民服务点)', bearer }, [
  get('', C.ListServicePoints, READERS, 'list'),
  post('', C.CreateServicePoint, WRITERS, 'create'),
  get(':id', C.GetServicePoint, READERS, 'get'),
  patch(':id', C.UpdateServicePoint, WRITERS, 'update'),
]);

export const SocialServiceCircleHttpController = httpController('SocialServiceCircleHttpController', { path: 'api/v1/service-circle', tag: 'social: 15-minute service circle (15分钟便民服务圈)', bearer }, [
  get('', C.CircleAt, READERS, 'at'),
  get('gaps', C.CircleGaps, READERS, 'gaps'),
  put('grids', C.UpsertCircleGrids, [Role.StreetCommander, Role.UnitMember], 'upsertGrids', { timeoutMs: 30_000 }),
  post('grids/sync', C.SyncCircleGrids, [Role.StreetCommander, Role.UnitMember], 'sync', { ...ok, timeoutMs: 60_000, input: 'none' }),
]);
