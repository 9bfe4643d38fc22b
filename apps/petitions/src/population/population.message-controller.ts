import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  Actor,
  DefinePopulationCategory,
  ExportSpecialPeople,
  GetSpecialPerson,
  ListPopulationCategories,
  ListSpecialPeople,
  RecordFollowUp,
  RegisterSpecialPerson,
  RevealSpecialPerson,
  UpdateSpecialPersonRisk,
} from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { PopulationService } from './population.service';

@Controller()
export class PopulationMessageController {
  constructor(private readonly population: PopulationService) {}

  @MessagePattern(ListPopulationCategories.subject)
  categories(@CurrentActor() a: Actor) {
    return this.population.categories(a);
  }

  @MessagePattern(DefinePopulationCategory.subject)
  defineCategory(@Payload() req: DefinePopulationCategory.Request, @CurrentActor() a: Actor) {
    return this.population.defineCategory(a, req);
  }

  @MessagePattern(RegisterSpecialPerson.subject)
  register(@Payload() req: RegisterSpecialPerson.Request, @CurrentActor() a: Actor) {
    return this.population.register(a, req);
  }

  @MessagePattern(ListSpecialPeople.subject)
  list(@Payload() req: ListSpecialPeople.Request, @CurrentActor() a: Actor) {
    return this.population.list(a, req);
  }

  @MessagePattern(GetSpecialPerson.subject)
  get(@Payload() req: GetSpecialPerson.Request, @CurrentActor() a: Actor) {
    return this.population.get(a, req);
  }

  @MessagePattern(UpdateSpecialPersonRisk.subject)
  risk(@Payload() req: UpdateSpecialPersonRisk.Request, @CurrentActor() a: Actor) {
    return this.population.updateRisk(a, req);
  }

  @MessagePattern(RecordFollowUp.subject)
  followUp(@Payload() req: RecordFollowUp.Request, @CurrentActor() a: Actor) {
    return this.population.recordFollowUp(a, req);
  }

  @MessagePattern(RevealSpecialPerson.subject)
  reveal(@Payload() req: RevealSpecialPerson.Request, @CurrentActor() a: Actor) {
    return this.population.reveal(a, req);
  }

  @MessagePattern(ExportSpecialPeople.subject)
  export(@Payload() req: ExportSpecialPeople.Request, @CurrentActor() a: Actor) {
    return this.population.export(a, req);
  }
}
