import { Module, Provider, Type } from '@nestjs/common';
import { HotspotModule } from '../hotspot/hotspot.module';
import { IncidentModule } from '../incident/incident.module';
import { ThemeMessageController } from './theme.message-controller';
import { ThemeRepository } from './theme.repository';
import { ThemeService } from './theme.service';

/** 每月一题 (issue 26): the month's candidate themes, their adoption as projects, their measured effect. */
const controllers: Type[] = [ThemeMessageController];
const services: Provider[] = [ThemeService];
const repositories: Provider[] = [ThemeRepository];

@Module({ imports: [IncidentModule, HotspotModule], controllers, providers: [...services, ...repositories] })
export class ThemeModule {}
