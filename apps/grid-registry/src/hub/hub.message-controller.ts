import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { streetCalendar } from '@grid122/calendar';
import { Actor, OrganisationHub } from '@grid122/contracts';
import { AppError, CurrentActor } from '@grid122/messaging';
import { isWithinScope } from '@grid122/access';
import { MeetingService } from '../meeting/meeting.service';
import { RegistryHubRepository } from './hub.repository';

/** `registry.hub.figures`: the grassroots-organisation-building group's panel (基层组织建设组), with 三会一评. */
@Controller()
export class RegistryHubMessageController {
  constructor(
    private readonly repo: RegistryHubRepository,
    private readonly meetings: MeetingService,
  ) {}

  @MessagePattern(OrganisationHub.subject)
  async figures(@Payload() req: OrganisationHub.Request, @CurrentActor() actor: Actor): Promise<OrganisationHub.Reply> {
    if (!isWithinScope(req.scope, actor.scope)) throw AppError.forbidden('The hub scope is outside your own');
    // The meetings of the month holding the period's last day (today at most): GET /meetings/figures' own code.
    const cal = streetCalendar();
    const last = cal.day(Date.parse(req.to) - 1);
    const month = (last < cal.today() ? last : cal.today()).slice(0, 7);
    const [figures, meetings, streets] = await Promise.all([
      this.repo.figures(req.scope),
      this.meetings.figures(actor, { root: req.scope || undefined, month }),
      req.byStreet ? this.repo.streets(req.scope) : undefined,
    ]);
    return { figures: { ...figures, meetings }, streets, computedAt: new Date().toISOString() };
  }
}
