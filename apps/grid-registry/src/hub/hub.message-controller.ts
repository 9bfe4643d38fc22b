import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { streetCalendar } from '@grid122/calendar';
import { Actor, OrganisationHub } from '@grid122/contracts';
import { CurrentActor, hubPart } from '@grid122/messaging';
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
    // The meetings of the month holding the period's last day (today at most): GET /meetings/figures' own code.
    const cal = streetCalendar();
    const last = cal.day(Date.parse(req.to) - 1);
    const month = (last < cal.today() ? last : cal.today()).slice(0, 7);
    return hubPart(
      req,
      actor,
      async () => {
        const [figures, meetings] = await Promise.all([this.repo.figures(req.scope), this.meetings.figures(actor, { root: req.scope || undefined, month })]);
        return { ...figures, meetings };
      },
      () => this.repo.streets(req.scope),
    );
  }
}
