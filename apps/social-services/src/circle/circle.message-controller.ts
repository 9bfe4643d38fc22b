import { CircleAt, CircleGaps, CreateServicePoint, GetServicePoint, ListServicePoints, SyncCircleGrids, UpdateServicePoint, UpsertCircleGrids } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { CircleService } from './circle.service';

export const CircleMessageController = messageController('CircleMessageController', { service: CircleService }, (on) => [
  on(CreateServicePoint, (s, req, a) => s.service.create(a, req)),
  on(UpdateServicePoint, (s, req, a) => s.service.update(a, req)),
  on(GetServicePoint, (s, req, a) => s.service.get(a, req.id)),
  on(ListServicePoints, (s, req, a) => s.service.list(a, req)),
  on(CircleAt, (s, req, a) => s.service.at(a, req)),
  on(CircleGaps, (s, req, a) => s.service.gaps(a, req)),
  on(UpsertCircleGrids, (s, req, a) => s.service.upsertGrids(a, req)),
  on(SyncCircleGrids, (s, req, a) => s.service.sync(a, req)),
]);
