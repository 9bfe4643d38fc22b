import { Module, Provider, Type } from '@nestjs/common';
import { DisputeMessageController } from './dispute.message-controller';
import { DisputeRepository } from './dispute.repository';
import { DisputeService } from './dispute.service';

const controllers: Type[] = [DisputeMessageController];
const services: Provider[] = [DisputeService];
const repositories: Provider[] = [DisputeRepository];

/** 矛盾纠纷调处: dispute cases, mediation sessions, outcomes and settled levels. */
@Module({ controllers, providers: [...services, ...repositories], exports: [DisputeService] })
export class DisputeModule {}
