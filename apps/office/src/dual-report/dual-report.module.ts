import { Module, Provider, Type } from '@nestjs/common';
import { DualReportMessageController } from './dual-report.message-controller';
import { DualReportService } from './dual-report.service';

/** 双报告 (issue 25): the community workstation takes in its grids' reports, with a duty to act. */
const controllers: Type[] = [DualReportMessageController];
const services: Provider[] = [DualReportService];

@Module({ controllers, providers: [...services] })
export class DualReportModule {}
