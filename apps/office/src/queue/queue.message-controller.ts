import { MyQueue } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { QueueService } from './queue.service';

/** NATS adapter of the work queues (我的待办). */
export const QueueMessageController = messageController('QueueMessageController', { queues: QueueService }, (on) => [
  on(MyQueue, (s, req, a) => s.queues.mine(a, req)),
]);
