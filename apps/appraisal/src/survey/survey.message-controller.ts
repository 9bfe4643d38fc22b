import { AnswerSurvey, ListSurveys, RecordDemocraticAppraisal } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { SurveyService } from './survey.service';

export const SurveyMessageController = messageController('SurveyMessageController', { surveys: SurveyService }, (on) => [
  on(ListSurveys, (s, req, a) => s.surveys.list(a, req)),
  on(AnswerSurvey, (s, req, a) => s.surveys.answer(a, req)),
  on(RecordDemocraticAppraisal, (s, req, a) => s.surveys.recordDemocratic(a, req)),
]);
