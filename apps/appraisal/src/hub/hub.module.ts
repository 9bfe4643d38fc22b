import { Module } from '@nestjs/common';
import { AppraisalHubMessageController } from './hub.message-controller';
import { AppraisalHubRepository } from './hub.repository';

const controllers = [AppraisalHubMessageController];
const repositories = [AppraisalHubRepository];

/** Appraisal's figures for the command hub aggregate (issue 13). */
@Module({ controllers, providers: [...repositories] })
export class AppraisalHubModule {}
