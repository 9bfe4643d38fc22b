import {
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
import { messageController } from '@grid122/messaging';
import { PopulationService } from './population.service';

export const PopulationMessageController = messageController('PopulationMessageController', { population: PopulationService }, (on) => [
  on(ListPopulationCategories, (s, _req, a) => s.population.categories(a)),
  on(DefinePopulationCategory, (s, req, a) => s.population.defineCategory(a, req)),
  on(RegisterSpecialPerson, (s, req, a) => s.population.register(a, req)),
  on(ListSpecialPeople, (s, req, a) => s.population.list(a, req)),
  on(GetSpecialPerson, (s, req, a) => s.population.get(a, req)),
  on(UpdateSpecialPersonRisk, (s, req, a) => s.population.updateRisk(a, req)),
  on(RecordFollowUp, (s, req, a) => s.population.recordFollowUp(a, req)),
  on(RevealSpecialPerson, (s, req, a) => s.population.reveal(a, req)),
  on(ExportSpecialPeople, (s, req, a) => s.population.export(a, req)),
]);
