import { FileDiary, ListDiaries } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { DiaryService } from './diary.service';

export const DiaryMessageController = messageController('DiaryMessageController', { diaries: DiaryService }, (on) => [
  on(FileDiary, (s, req, a) => s.diaries.file(a, req), { ownsIdempotencyKey: true }),
  on(ListDiaries, (s, req, a) => s.diaries.list(a, req)),
]);
