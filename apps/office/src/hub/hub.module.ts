import { Module } from '@nestjs/common';
import { OfficeHubMessageController } from './hub.message-controller';
import { OfficeHubRepository } from './hub.repository';

const controllers = [OfficeHubMessageController];
const repositories = [OfficeHubRepository];

/** The office's figures for the command hub aggregate (issue 13). */
@Module({ controllers, providers: [...repositories] })
export class OfficeHubModule {}
