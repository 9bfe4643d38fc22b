import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AcknowledgeJointOperation, Actor, CreateJointOperation, GetJointOperation, ListJointOperations, RecordJointOperationResult } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { OperationService } from './operation.service';

@Controller()
export class OperationMessageController {
  constructor(private readonly ops: OperationService) {}

  @MessagePattern(CreateJointOperation.subject)
  create(@Payload() req: CreateJointOperation.Request, @CurrentActor() a: Actor) {
    return this.ops.create(a, req);
  }

  @MessagePattern(GetJointOperation.subject)
  get(@Payload() req: GetJointOperation.Request, @CurrentActor() a: Actor) {
    return this.ops.get(a, req);
  }

  @MessagePattern(ListJointOperations.subject)
  list(@Payload() req: ListJointOperations.Request, @CurrentActor() a: Actor) {
    return this.ops.list(a, req);
  }

  @MessagePattern(AcknowledgeJointOperation.subject)
  acknowledge(@Payload() req: AcknowledgeJointOperation.Request, @CurrentActor() a: Actor) {
    return this.ops.acknowledge(a, req);
  }

  @MessagePattern(RecordJointOperationResult.subject)
  recordResult(@Payload() req: RecordJointOperationResult.Request, @CurrentActor() a: Actor) {
    return this.ops.recordResult(a, req);
  }
}
