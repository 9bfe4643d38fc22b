import { Module } from '@nestjs/common';
import { CaseModule } from '../case/case.module';
import { OperationMessageController } from './operation.message-controller';
import { OperationRepository } from './operation.repository';
import { OperationService } from './operation.service';

const controllers = [OperationMessageController];
const services = [OperationService];
const repositories = [OperationRepository];

/** Joint operations (联合执法): call-ups, acknowledgements, targets and results. */
@Module({ imports: [CaseModule], controllers, providers: [...services, ...repositories], exports: [OperationService] })
export class OperationModule {}
