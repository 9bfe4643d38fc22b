import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, AdoptTheme, GetTheme, ListThemes, ThemeCandidates } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { ThemeService } from './theme.service';

/** NATS adapters of the month's themes (每月一题): one line per pattern. */
@Controller()
export class ThemeMessageController {
  constructor(private readonly themes: ThemeService) {}

  @MessagePattern(ThemeCandidates.subject)
  candidates(@Payload() req: ThemeCandidates.Request, @CurrentActor() actor: Actor) {
    return this.themes.candidates(actor, req);
  }

  @MessagePattern(AdoptTheme.subject)
  adopt(@Payload() req: AdoptTheme.Request, @CurrentActor() actor: Actor) {
    return this.themes.adopt(actor, req);
  }

  @MessagePattern(ListThemes.subject)
  list(@Payload() req: ListThemes.Request, @CurrentActor() actor: Actor) {
    return this.themes.list(actor, req);
  }

  @MessagePattern(GetTheme.subject)
  get(@Payload() req: GetTheme.Request, @CurrentActor() actor: Actor) {
    return this.themes.get(actor, req);
  }
}
