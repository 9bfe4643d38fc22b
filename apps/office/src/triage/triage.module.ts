import { Module, Provider, Type } from '@nestjs/common';
import { IncidentModule } from '../incident/incident.module';
import { DispatchRuleRepository } from './dispatch-rule.repository';
import { TriageMessageController } from './triage.message-controller';
import { TriageService } from './triage.service';

/** 筛选分类 and 派遣建议 (issue 23, item 1): reclassification later with a reason, the dispatch rules. */
const controllers: Type[] = [TriageMessageController];
const services: Provider[] = [TriageService];
const repositories: Provider[] = [DispatchRuleRepository];

@Module({ imports: [IncidentModule], controllers, providers: [...services, ...repositories] })
export class TriageModule {}
