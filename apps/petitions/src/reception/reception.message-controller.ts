import {
  BookReceptionSlot,
  CancelReception,
  GetReception,
  ListReceptions,
  PublishReception,
  RecordReception,
  RecordSlotOutcome,
  ScheduleReception,
} from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { ReceptionService } from './reception.service';

export const ReceptionMessageController = messageController('ReceptionMessageController', { receptions: ReceptionService }, (on) => [
  on(ScheduleReception, (s, req, a) => s.receptions.schedule(a, req)),
  on(ListReceptions, (s, req, a) => s.receptions.list(a, req)),
  on(GetReception, (s, req, a) => s.receptions.get(a, req.id)),
  on(PublishReception, (s, req, a) => s.receptions.publish(a, req.id)),
  on(CancelReception, (s, req, a) => s.receptions.cancel(a, req.id)),
  on(BookReceptionSlot, (s, req, a) => s.receptions.book(a, req)),
  on(RecordSlotOutcome, (s, req, a) => s.receptions.recordSlot(a, req)),
  on(RecordReception, (s, req, a) => s.receptions.record(a, req)),
]);
