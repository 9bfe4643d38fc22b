import { Module, Provider, Type } from '@nestjs/common';
import { EventFeed } from './event-feed.service';
import { EscalationsHttpController } from './escalations.http-controller';
import { EventsHttpController } from './events.http-controller';
import { StreamTickets } from './stream-tickets.service';

/** The live feed (SSE): one JetStream consumer per gateway process, fanned out in memory. */
const controllers: Type[] = [EventsHttpController, EscalationsHttpController];
const providers: Provider[] = [EventFeed, StreamTickets];

@Module({ controllers, providers, exports: providers as Type[] })
export class EventsModule {}
