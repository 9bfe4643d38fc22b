import { Module, Provider, Type } from '@nestjs/common';
import { StabilityMessageController } from './stability.message-controller';
import { StabilityRepository } from './stability.repository';
import { StabilityService } from './stability.service';

const controllers: Type[] = [StabilityMessageController];
const services: Provider[] = [StabilityService];
const repositories: Provider[] = [StabilityRepository];

/** 四级预警 and 维稳工作例会. */
@Module({ controllers, providers: [...services, ...repositories] })
export class StabilityModule {}
