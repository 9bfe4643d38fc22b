import { DynamicModule, Module } from '@nestjs/common';
import { serviceModule } from '@grid122/bootstrap';
import { officeAudience } from './incident/incident-audience';
import { OfficeEnv, loadOfficeEnv } from './config/office.env';
import { dataSourceOptions } from './database/data-source';
import { IncidentModule } from './incident/incident.module';
import { OfficeHubModule } from './hub/hub.module';
import { EscalationModule } from './escalation/escalation.module';
import { IncidentImportModule } from './incident/import/incident-import.module';
import { OfficeFederationModule } from './federation/federation.module';
import { HotspotModule } from './hotspot/hotspot.module';
import { ThemeModule } from './theme/theme.module';
import { DiaryCheckModule } from './diary-check/diary-check.module';
import { TriageModule } from './triage/triage.module';
import { QueueModule } from './queue/queue.module';
import { DualReportModule } from './dual-report/dual-report.module';
import { DiaryModule } from './diary/diary.module';
import { StatsModule } from './stats/stats.module';
import { SupervisionModule } from './supervision/supervision.module';

/** Capability modules of the office service, as a table of contents. */
const capabilities: NonNullable<DynamicModule['imports']> = [
  IncidentModule, // the ledger: intake → dispatch → closure, the clock, the units' cases followed back
  StatsModule, // the ledger's figures: counters per day, grid and key area, and the dashboard reads
  SupervisionModule, // 督办 and 催办: the overdue sweep, urging and its acknowledgement
  DiaryModule, // 民情日志: grid workers' diaries, their visits' problems filed into the ledger
  OfficeHubModule, // figures for the command hub aggregate (issue 13)
  EscalationModule, // 上报区级: the signed escalation webhook
  IncidentImportModule, // bulk import of historical incidents (issue 10)
  OfficeFederationModule, // 区级下派: tasks handed down over the leaf link (issue 12)
  HotspotModule, // 复发、热点、突增 (issue 26): recurrence, hotspots in space and time, spikes
  ThemeModule, // 每月一题 (issue 26): the month's themes, adopted as projects, their effect measured
  DiaryCheckModule, // 民情日志督查 (issue 25): expected and missing diaries, spot-checks, grades, 讲评
  TriageModule, // 筛选分类 and 派遣建议 (issue 23): reclassification, dispatch rules per category
  QueueModule, // 我的待办 (issue 23): each account's work queue, most urgent first
  DualReportModule, // 双报告 (issue 25): the community workstation takes in its grids' reports
];

/** 一办 the office: the problem ledger from discovery to closure. */
@Module({})
export class AppModule {
  static forRoot(env: OfficeEnv = loadOfficeEnv()): DynamicModule {
    return serviceModule(AppModule, { app: 'office', env, envClass: OfficeEnv, dataSource: dataSourceOptions(env), capabilities, audience: officeAudience, photoBucket: { maxBytes: env.PHOTO_BUCKET_MAX_BYTES } });
  }
}
