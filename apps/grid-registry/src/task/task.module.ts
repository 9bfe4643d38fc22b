import { Module } from '@nestjs/common';
import { TaskMessageController } from './task.message-controller';
import { TaskRepository } from './task.repository';
import { TaskService } from './task.service';

const controllers = [TaskMessageController];
const services = [TaskService];
const repositories = [TaskRepository];

/** Organisation tasks opened from the office's dispatches (unit = organisation). */
@Module({ controllers, providers: [...services, ...repositories] })
export class TaskModule {}
