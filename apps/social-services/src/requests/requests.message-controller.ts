import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  Actor, AssignServiceRequest, CancelServiceRequest, ConfirmServiceRequest, DeliverServiceRequest, GetServiceRequest, ListServiceRequests,
  OpenServiceRequest, ReturnServiceRequest, ServiceRequestFigures,
} from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { RequestsService } from './requests.service';

@Controller()
export class RequestsMessageController {
  constructor(private readonly service: RequestsService) {}

  @MessagePattern(OpenServiceRequest.subject)
  open(@Payload() req: OpenServiceRequest.Request, @CurrentActor() a: Actor) { return this.service.open(a, req); }

  @MessagePattern(ListServiceRequests.subject)
  list(@Payload() req: ListServiceRequests.Request, @CurrentActor() a: Actor) { return this.service.list(a, req); }

  @MessagePattern(GetServiceRequest.subject)
  get(@Payload() req: GetServiceRequest.Request, @CurrentActor() a: Actor) { return this.service.get(a, req.id); }

  @MessagePattern(AssignServiceRequest.subject)
  assign(@Payload() req: AssignServiceRequest.Request, @CurrentActor() a: Actor) { return this.service.assign(a, req); }

  @MessagePattern(DeliverServiceRequest.subject)
  deliver(@Payload() req: DeliverServiceRequest.Request, @CurrentActor() a: Actor) { return this.service.deliver(a, req); }

  @MessagePattern(ConfirmServiceRequest.subject)
  confirm(@Payload() req: ConfirmServiceRequest.Request, @CurrentActor() a: Actor) { return this.service.confirm(a, req); }

  @MessagePattern(CancelServiceRequest.subject)
  cancel(@Payload() req: CancelServiceRequest.Request, @CurrentActor() a: Actor) { return this.service.cancel(a, req); }

  @MessagePattern(ReturnServiceRequest.subject)
  return(@Payload() req: ReturnServiceRequest.Request, @CurrentActor() a: Actor) { return this.service.return(a, req); }

  @MessagePattern(ServiceRequestFigures.subject)
  figures(@Payload() req: ServiceRequestFigures.Request, @CurrentActor() a: Actor) { return this.service.figures(a, req); }
}
