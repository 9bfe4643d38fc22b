import { ListDispatchRules, ReclassifyIncident, SetDispatchRule, SuggestDispatch } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { TriageService } from './triage.service';

/** NATS adapters of the triage (筛选分类, 派遣建议): one line each. */
export const TriageMessageController = messageController('TriageMessageController', { triage: TriageService }, (on) => [
  on(ReclassifyIncident, (s, req, a) => s.triage.reclassify(a, req)),
  on(ListDispatchRules, (s, _req) => s.triage.list(), { actorOptional: true }),
  on(SetDispatchRule, (s, req, a) => s.triage.set(a, req)),
  on(SuggestDispatch, (s, req, a) => s.triage.suggest(a, req)),
]);
