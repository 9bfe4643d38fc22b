import { Module, Provider, Type } from '@nestjs/common';
import { IncidentModule } from '../incident/incident.module';
import { GridNeighbourCache } from './grid-neighbours';
import { HotspotConsumer } from './hotspot.consumer';
import { HotspotEnv, loadHotspotEnv } from './hotspot.env';
import { HotspotMessageController } from './hotspot.message-controller';
import { HotspotRepository } from './hotspot.repository';
import { HotspotService } from './hotspot.service';

/** Recurrence (复发), hotspots in space and time, spikes (issue 26): from the ledger's events and counters. */
const controllers: Type[] = [HotspotMessageController];
const services: Provider[] = [HotspotService, HotspotConsumer, { provide: HotspotEnv, useFactory: () => loadHotspotEnv() }];
const repositories: Provider[] = [HotspotRepository];
const adapters: Provider[] = [GridNeighbourCache];

@Module({ imports: [IncidentModule], controllers, providers: [...services, ...repositories, ...adapters], exports: [HotspotService, GridNeighbourCache] })
export class HotspotModule {}
