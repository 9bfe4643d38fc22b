import {
  AddSocialTeamMember, AdjustPoints, CreateSocialTeam, GetSocialTeam, GetSocialVolunteer, ListSocialTeams, ListSocialVolunteers,
  ListVolunteerActivities, PointsBalances, PointsLedger, RecordVolunteerActivity, RegisterSocialVolunteer, RemoveSocialTeamMember, VolunteerFigures,
} from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { VolunteersService } from './volunteers.service';

export const VolunteersMessageController = messageController('VolunteersMessageController', { service: VolunteersService }, (on) => [
  on(RegisterSocialVolunteer, (s, req, a) => s.service.register(a, req)),
  on(ListSocialVolunteers, (s, req, a) => s.service.list(a, req)),
  on(GetSocialVolunteer, (s, req, a) => s.service.get(a, req.id)),
  on(ListSocialTeams, (s, req, a) => s.service.teams(a, req)),
  on(CreateSocialTeam, (s, req, a) => s.service.createTeam(a, req)),
  on(GetSocialTeam, (s, req, a) => s.service.getTeam(a, req.id)),
  on(AddSocialTeamMember, (s, req, a) => s.service.addMember(a, req)),
  on(RemoveSocialTeamMember, (s, req, a) => s.service.removeMember(a, req)),
  on(RecordVolunteerActivity, (s, req, a) => s.service.recordActivity(a, req)),
  on(ListVolunteerActivities, (s, req, a) => s.service.activities(a, req)),
  on(PointsLedger, (s, req, a) => s.service.ledger(a, req)),
  on(PointsBalances, (s, req, a) => s.service.balances(a, req)),
  on(AdjustPoints, (s, req, a) => s.service.adjust(a, req)),
  on(VolunteerFigures, (s, req, a) => s.service.figures(a, req)),
]);
