import { Module } from '@nestjs/common';
import { EnforcementHubMessageController } from './hub.message-controller';
import { EnforcementHubRepository } from './hub.repository';

const controllers = [EnforcementHubMessageController];
const repositories = [EnforcementHubRepository];

/** The enforcement team's figures for the command hub aggregate (issue 13). */
@Module({ controllers, providers: [...repositories] })
export class EnforcementHubModule {}
