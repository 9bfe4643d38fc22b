import { Module } from '@nestjs/common';
import { CaseModule } from '../case/case.module';
import { OperationModule } from '../operation/operation.module';
import { FiguresMessageController } from './figures.message-controller';
import { FiguresRepository } from './figures.repository';
import { FiguresService } from './figures.service';

const controllers = [FiguresMessageController];
const services = [FiguresService];
const repositories = [FiguresRepository];

/** The team's numbers for the dashboard. */
@Module({ imports: [CaseModule, OperationModule], controllers, providers: [...services, ...repositories] })
export class FiguresModule {}
