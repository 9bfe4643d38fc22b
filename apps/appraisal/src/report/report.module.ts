import { Module, Provider, Type } from '@nestjs/common';
import { PlanModule } from '../plan/plan.module';
import { ScoreModule } from '../score/score.module';
import { ReportMessageController } from './report.message-controller';
import { DepartmentNamesClient } from './department-names.client';
import { OfficeLedgerClient } from './office-ledger.client';
import { OfficeThemesClient } from './office-themes.client';
import { ReportRepository } from './report.repository';
import { SupervisionFiguresClient } from './supervision-figures.client';
import { ReportService } from './report.service';

const controllers: Type[] = [ReportMessageController];
const services: Provider[] = [ReportService, OfficeLedgerClient, OfficeThemesClient, DepartmentNamesClient, SupervisionFiguresClient];
const repositories: Provider[] = [ReportRepository];

/** Rankings, the monthly public notice (通报) and the three rates (三率). */
@Module({ imports: [ScoreModule, PlanModule], controllers, providers: [...services, ...repositories] })
export class ReportModule {}
