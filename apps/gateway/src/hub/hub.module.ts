import { Module, Provider, Type } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { HubHttpController } from './hub.http-controller';
import { HubService } from './hub.service';

/** The command hub aggregate: fan-out to every service's `*.hub.figures`, cached per scope. */
const controllers: Type[] = [HubHttpController];
const providers: Provider[] = [HubService];

@Module({ imports: [EventsModule], controllers, providers, exports: providers as Type[] })
export class HubModule {}
