import { Module } from '@nestjs/common';
import { RecipientsMessageController } from './recipients.message-controller';
import { RecipientsRepository } from './recipients.repository';
import { RecipientsService } from './recipients.service';

const controllers = [RecipientsMessageController];
const services = [RecipientsService];
const repositories = [RecipientsRepository];

/** Care recipients (服务对象), their support and the breakfast-voucher ledger. */
@Module({ controllers, providers: [...services, ...repositories], exports: [...services, ...repositories] })
export class RecipientsModule {}
