import { Module } from '@nestjs/common';
import { MeetingModule } from '../meeting/meeting.module';
import { RegistryHubMessageController } from './hub.message-controller';
import { RegistryHubRepository } from './hub.repository';

const controllers = [RegistryHubMessageController];
const repositories = [RegistryHubRepository];

/** The registry's figures for the command hub aggregate (issue 13). */
@Module({ imports: [MeetingModule], controllers, providers: [...repositories] })
export class RegistryHubModule {}
