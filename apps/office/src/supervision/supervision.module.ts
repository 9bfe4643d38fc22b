import { Module, Provider, Type } from '@nestjs/common';
import { IncidentModule } from '../incident/incident.module';
import { SupervisionMessageController } from './supervision.message-controller';
import { SupervisionService } from './supervision.service';
import { UrgingService } from './urging.service';

/**
 * 督办 and 催办: the overdue sweep (on a timer and on demand) that puts incidents under supervision,
 * and urging with its acknowledgement. The urgings' repository is the ledger's (IncidentModule):
 * an incident's view lists its urgings.
 */
const controllers: Type[] = [SupervisionMessageController];
const services: Provider[] = [SupervisionService, UrgingService];

@Module({ imports: [IncidentModule], controllers, providers: services })
export class SupervisionModule {}
