import {
  AssignServiceRequest, CancelServiceRequest, ConfirmServiceRequest, DeliverServiceRequest, GetServiceRequest, ListServiceRequests,
  OpenServiceRequest, ReturnServiceRequest, ServiceRequestFigures,
} from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { RequestsService } from './requests.service';

export const RequestsMessageController = messageController('RequestsMessageController', { service: RequestsService }, (on) => [
  on(OpenServiceRequest, (s, req, a) => s.service.open(a, req)),
  on(ListServiceRequests, (s, req, a) => s.service.list(a, req)),
  on(GetServiceRequest, (s, req, a) => s.service.get(a, req.id)),
  on(AssignServiceRequest, (s, req, a) => s.service.assign(a, req)),
  on(DeliverServiceRequest, (s, req, a) => s.service.deliver(a, req)),
  on(ConfirmServiceRequest, (s, req, a) => s.service.confirm(a, req)),
  on(CancelServiceRequest, (s, req, a) => s.service.cancel(a, req)),
  on(ReturnServiceRequest, (s, req, a) => s.service.return(a, req)),
  on(ServiceRequestFigures, (s, req, a) => s.service.figures(a, req)),
]);
