import { Module, Provider, Type } from '@nestjs/common';
import { EventFeed } from './event-feed.service';
import { EventsHttpController } from './events.http-controller';

/** The live feed (SSE): one JetStream consumer per gateway process, fanned out in memory. */
const controllers: Type[] = [EventsHttpController];
const providers: Provider[] = [EventFeed];

@Module({ controllers, providers, exports: providers as Type[] })
export class EventsModule {}
