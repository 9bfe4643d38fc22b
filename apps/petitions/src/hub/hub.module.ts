import { Module } from '@nestjs/common';
import { PetitionsHubMessageController } from './hub.message-controller';
import { PetitionsHubRepository } from './hub.repository';

const controllers = [PetitionsHubMessageController];
const repositories = [PetitionsHubRepository];

/** The petitions group's figures for the command hub aggregate (issue 13). */
@Module({ controllers, providers: [...repositories] })
export class PetitionsHubModule {}
