import { Module } from '@nestjs/common';
import { SocialHubMessageController } from './hub.message-controller';
import { SocialHubRepository } from './hub.repository';

const controllers = [SocialHubMessageController];
const repositories = [SocialHubRepository];

/** The social team's figures for the command hub aggregate (issue 13). */
@Module({ controllers, providers: [...repositories] })
export class SocialHubModule {}
