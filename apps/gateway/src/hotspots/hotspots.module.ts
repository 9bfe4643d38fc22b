import { Module, Provider, Type } from '@nestjs/common';
import { HotspotsClient } from './hotspots.client';
import { HotspotsHttpController } from './hotspots.http-controller';

/** Gateway routes for recurrence, hotspots, spikes (and themes): controllers (adapters only) and the typed client. */
const controllers: Type[] = [HotspotsHttpController];
const providers: Provider[] = [HotspotsClient];

@Module({ controllers, providers })
export class HotspotsModule {}
