import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, CreateBuilding, CreateOrganisation, ListBuildings, ListOrganisations } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { PlaceService } from './place.service';

@Controller()
export class PlaceMessageController {
  constructor(private readonly places: PlaceService) {}

  @MessagePattern(ListBuildings.subject)
  buildings(@Payload() req: ListBuildings.Request, @CurrentActor() actor: Actor) {
    return this.places.buildings(actor, req);
  }

  @MessagePattern(CreateBuilding.subject)
  createBuilding(@Payload() req: CreateBuilding.Request, @CurrentActor() actor: Actor) {
    return this.places.createBuilding(actor, req);
  }

  @MessagePattern(ListOrganisations.subject)
  organisations(@Payload() req: ListOrganisations.Request, @CurrentActor() actor: Actor) {
    return this.places.organisations(actor, req);
  }

  @MessagePattern(CreateOrganisation.subject)
  createOrganisation(@Payload() req: CreateOrganisation.Request, @CurrentActor() actor: Actor) {
    return this.places.createOrganisation(actor, req);
  }
}
