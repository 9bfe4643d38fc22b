import { Module, Provider, Type } from '@nestjs/common';
import { FloatingMessageController } from './floating.message-controller';
import { FloatingRepository } from './floating.repository';
import { FloatingService } from './floating.service';

const controllers: Type[] = [FloatingMessageController];
const services: Provider[] = [FloatingService];
const repositories: Provider[] = [FloatingRepository];

/** 流动人口: the floating-population register by building. */
@Module({ controllers, providers: [...services, ...repositories] })
export class FloatingModule {}
