import { Module, Provider, Type } from '@nestjs/common';
import { PetitionMessageController } from './petition.message-controller';
import { PetitionRepository } from './petition.repository';
import { PetitionService } from './petition.service';

const controllers: Type[] = [PetitionMessageController];
const services: Provider[] = [PetitionService];
const repositories: Provider[] = [PetitionRepository];

/** 信访: registration, first-inquiry ownership, time limits, repeats. */
@Module({ controllers, providers: [...services, ...repositories], exports: [PetitionService, PetitionRepository] })
export class PetitionModule {}
