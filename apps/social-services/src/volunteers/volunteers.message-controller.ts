import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  Actor, AddSocialTeamMember, AdjustPoints, CreateSocialTeam, GetSocialTeam, GetSocialVolunteer, ListSocialTeams, ListSocialVolunteers,
  ListVolunteerActivities, PointsBalances, PointsLedger, RecordVolunteerActivity, RegisterSocialVolunteer, RemoveSocialTeamMember, VolunteerFigures,
} from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { VolunteersService } from './volunteers.service';

@Controller()
export class VolunteersMessageController {
  constructor(private readonly service: VolunteersService) {}

  @MessagePattern(RegisterSocialVolunteer.subject)
  register(@Payload() req: RegisterSocialVolunteer.Request, @CurrentActor() a: Actor) { return this.service.register(a, req); }

  @MessagePattern(ListSocialVolunteers.subject)
  list(@Payload() req: ListSocialVolunteers.Request, @CurrentActor() a: Actor) { return this.service.list(a, req); }

  @MessagePattern(GetSocialVolunteer.subject)
  get(@Payload() req: GetSocialVolunteer.Request, @CurrentActor() a: Actor) { return this.service.get(a, req.id); }

  @MessagePattern(ListSocialTeams.subject)
  teams(@Payload() req: ListSocialTeams.Request, @CurrentActor() a: Actor) { return this.service.teams(a, req); }

  @MessagePattern(CreateSocialTeam.subject)
  createTeam(@Payload() req: CreateSocialTeam.Request, @CurrentActor() a: Actor) { return this.service.createTeam(a, req); }

  @MessagePattern(GetSocialTeam.subject)
  getTeam(@Payload() req: GetSocialTeam.Request, @CurrentActor() a: Actor) { return this.service.getTeam(a, req.id); }

  @MessagePattern(AddSocialTeamMember.subject)
  addMember(@Payload() req: AddSocialTeamMember.Request, @CurrentActor() a: Actor) { return this.service.addMember(a, req); }

  @MessagePattern(RemoveSocialTeamMember.subject)
  removeMember(@Payload() req: RemoveSocialTeamMember.Request, @CurrentActor() a: Actor) { return this.service.removeMember(a, req); }

  @MessagePattern(RecordVolunteerActivity.subject)
  recordActivity(@Payload() req: RecordVolunteerActivity.Request, @CurrentActor() a: Actor) { return this.service.recordActivity(a, req); }

  @MessagePattern(ListVolunteerActivities.subject)
  activities(@Payload() req: ListVolunteerActivities.Request, @CurrentActor() a: Actor) { return this.service.activities(a, req); }

  @MessagePattern(PointsLedger.subject)
  ledger(@Payload() req: PointsLedger.Request, @CurrentActor() a: Actor) { return this.service.ledger(a, req); }

  @MessagePattern(PointsBalances.subject)
  balances(@Payload() req: PointsBalances.Request, @CurrentActor() a: Actor) { return this.service.balances(a, req); }

  @MessagePattern(AdjustPoints.subject)
  adjust(@Payload() req: AdjustPoints.Request, @CurrentActor() a: Actor) { return this.service.adjust(a, req); }

  @MessagePattern(VolunteerFigures.subject)
  figures(@Payload() req: VolunteerFigures.Request, @CurrentActor() a: Actor) { return this.service.figures(a, req); }
}
