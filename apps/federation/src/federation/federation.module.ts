import { Module, Provider, Type } from '@nestjs/common';
import { FederationIngestService } from './federation-ingest.service';
import { FederationMessageController } from './federation.message-controller';
import { FederationRepository } from './federation.repository';
import { FederationService } from './federation.service';

/** Street → district → city (issue 12): the district's read model, its queries, the task and decision hand-down. */
const controllers: Type[] = [FederationMessageController];
const services: Provider[] = [FederationService, FederationIngestService];
const repositories: Provider[] = [FederationRepository];

@Module({ controllers, providers: [...services, ...repositories] })
export class FederationModule {}
