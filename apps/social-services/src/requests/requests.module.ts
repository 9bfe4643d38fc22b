import { Module } from '@nestjs/common';
import { RecipientsModule } from '../recipients/recipients.module';
import { VolunteersModule } from '../volunteers/volunteers.module';
import { RequestsMessageController } from './requests.message-controller';
import { RequestsRepository } from './requests.repository';
import { RequestsService } from './requests.service';

const controllers = [RequestsMessageController];
const services = [RequestsService];
const repositories = [RequestsRepository];

/** Service requests and deliveries, and the office's dispatches to the social services team. */
@Module({ imports: [RecipientsModule, VolunteersModule], controllers, providers: [...services, ...repositories] })
export class RequestsModule {}
