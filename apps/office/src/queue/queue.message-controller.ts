import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, MyQueue } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { QueueService } from './queue.service';

/** NATS adapter of the work queues (我的待办). */
@Controller()
export class QueueMessageController {
  constructor(private readonly queues: QueueService) {}

  @MessagePattern(MyQueue.subject)
  mine(@Payload() req: MyQueue.Request, @CurrentActor() actor: Actor) {
    return this.queues.mine(actor, req);
  }
}
