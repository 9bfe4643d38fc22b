import { Module } from '@nestjs/common';
import { RecipientsModule } from '../recipients/recipients.module';
import { VisitsMessageController } from './visits.message-controller';
import { VisitsRepository } from './visits.repository';
import { VisitsService } from './visits.service';

const controllers = [VisitsMessageController];
const services = [VisitsService];
const repositories = [VisitsRepository];

/** Household visits (进家门) and the visit rate per grid. */
@Module({ imports: [RecipientsModule], controllers, providers: [...services, ...repositories] })
export class VisitsModule {}
