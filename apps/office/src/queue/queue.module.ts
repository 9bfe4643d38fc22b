import { Module, Provider, Type } from '@nestjs/common';
import { IncidentModule } from '../incident/incident.module';
import { QueueMessageController } from './queue.message-controller';
import { QueueRepository } from './queue.repository';
import { QueueService } from './queue.service';

/** 我的待办 (issue 23, item 8): what waits for a unit, a department's liaison, a grid worker, the centre. */
const controllers: Type[] = [QueueMessageController];
const providers: Provider[] = [QueueService, QueueRepository];

@Module({ imports: [IncidentModule], controllers, providers })
export class QueueModule {}
