import { Module, Provider, Type } from '@nestjs/common';
import { HotspotRepository } from '../../hotspot/hotspot.repository';
import { StatsRepository } from '../../stats/stats.repository';
import { IncidentClockService } from '../incident-clock.service';
import { IncidentImportMessageController } from './incident-import.message-controller';
import { IncidentImportRepository } from './incident-import.repository';
import { IncidentImportService } from './incident-import.service';

/** Bulk import of historical incidents (`office.incident.import`). */
const controllers: Type[] = [IncidentImportMessageController];
const services: Provider[] = [IncidentImportService, IncidentClockService];
const repositories: Provider[] = [IncidentImportRepository, StatsRepository, HotspotRepository];

@Module({ controllers, providers: [...services, ...repositories] })
export class IncidentImportModule {}
