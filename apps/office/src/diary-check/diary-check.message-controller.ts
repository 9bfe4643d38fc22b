import { DrawDiaryChecks, ExpectedDiaries, GetDiaryReview, GradeDiaryCheck, ListDiaryChecks, PublishDiaryReview } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { DiaryCheckService } from './diary-check.service';

/** NATS adapters of the diary supervision (民情日志督查): one line per pattern. */
export const DiaryCheckMessageController = messageController('DiaryCheckMessageController', { checks: DiaryCheckService }, (on) => [
  on(ExpectedDiaries, (s, req, a) => s.checks.expected(a, req)),
  on(DrawDiaryChecks, (s, req, a) => s.checks.draw(a, req)),
  on(ListDiaryChecks, (s, req, a) => s.checks.list(a, req)),
  on(GradeDiaryCheck, (s, req, a) => s.checks.grade(a, req)),
  on(GetDiaryReview, (s, req, a) => s.checks.review(a, req)),
  on(PublishDiaryReview, (s, req, a) => s.checks.publish(a, req)),
]);
