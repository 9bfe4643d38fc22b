import { AcknowledgeJointOperation, CreateJointOperation, GetJointOperation, ListJointOperations, RecordJointOperationResult } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { OperationService } from './operation.service';

export const OperationMessageController = messageController('OperationMessageController', { ops: OperationService }, (on) => [
  on(CreateJointOperation, (s, req, a) => s.ops.create(a, req)),
  on(GetJointOperation, (s, req, a) => s.ops.get(a, req)),
  on(ListJointOperations, (s, req, a) => s.ops.list(a, req)),
  on(AcknowledgeJointOperation, (s, req, a) => s.ops.acknowledge(a, req)),
  on(RecordJointOperationResult, (s, req, a) => s.ops.recordResult(a, req)),
]);
