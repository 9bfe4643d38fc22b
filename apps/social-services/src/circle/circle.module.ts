import { Module } from '@nestjs/common';
import { CircleMessageController } from './circle.message-controller';
import { CircleRepository } from './circle.repository';
import { CircleService } from './circle.service';

const controllers = [CircleMessageController];
const services = [CircleService];
const repositories = [CircleRepository];

/** Service points and the 15-minute service circle (15/10), with its gaps map. */
@Module({ controllers, providers: [...services, ...repositories] })
export class CircleModule {}
