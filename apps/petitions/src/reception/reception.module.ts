import { Module, Provider, Type } from '@nestjs/common';
import { PetitionModule } from '../petition/petition.module';
import { ReceptionMessageController } from './reception.message-controller';
import { ReceptionRepository } from './reception.repository';
import { ReceptionService } from './reception.service';

const controllers: Type[] = [ReceptionMessageController];
const services: Provider[] = [ReceptionService];
const repositories: Provider[] = [ReceptionRepository];

/** 三层接访: topic, appointment and home-visit receptions. */
@Module({ imports: [PetitionModule], controllers, providers: [...services, ...repositories] })
export class ReceptionModule {}
