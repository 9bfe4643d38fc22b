import { CreateBuilding, CreateOrganisation, ListBuildings, ListOrganisations } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { PlaceService } from './place.service';

export const PlaceMessageController = messageController('PlaceMessageController', { places: PlaceService }, (on) => [
  on(ListBuildings, (s, req, a) => s.places.buildings(a, req)),
  on(CreateBuilding, (s, req, a) => s.places.createBuilding(a, req)),
  on(ListOrganisations, (s, req, a) => s.places.organisations(a, req)),
  on(CreateOrganisation, (s, req, a) => s.places.createOrganisation(a, req)),
]);
