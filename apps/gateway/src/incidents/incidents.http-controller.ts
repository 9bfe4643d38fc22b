import { Body, Controller, Get, Headers, HttpCode, Param, ParseEnumPipe, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { streetToday } from '@grid122/calendar';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor, IncidentAction, Role } from '@grid122/contracts';
import { ApiKeyAllowed, Caller, Roles } from '../auth/auth.decorators';
import { ExportIncidentsQuery, FileDiaryDto, IncidentActionDto, KeyAreaStatsQuery, KeyAreaTrendQuery, ListDiariesQuery, OpenByGridQuery, ListIncidentsQuery, ReportIncidentDto, SatisfactionDto, UrgeDto, AcknowledgeUrgingDto } from './incidents.dto';
import { buildLedgerXlsx } from './ledger-export';
import { OfficeClient } from './office.client';

const READERS = [Role.StreetCommander, Role.DistrictViewer, Role.UnitMember, Role.DepartmentLiaison, Role.GridWorker, Role.CommunityStation];
const REPORTERS = [Role.StreetCommander, Role.GridWorker, Role.UnitMember, Role.DepartmentLiaison, Role.Platform];
const ACTORS = [Role.StreetCommander, Role.UnitMember, Role.DepartmentLiaison, Role.GridWorker, Role.CommunityStation];

/** 一办: the ledger's HTTP edge. Adapters only: the office decides. */
@ApiTags('incidents')
@ApiBearerAuth()
@Controller('api/v1')
export class IncidentsHttpController {
  constructor(private readonly office: OfficeClient) {}

  @Post('incidents')
  @Roles(...REPORTERS)
  @ApiKeyAllowed()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Same key + same body returns the first result; another body is 422' })
  @ApiOkResponse({ description: 'The source and sourceRef were already reported: the existing incident, with existing: true' })
  async report(@Caller() a: Actor, @Body() b: ReportIncidentDto, @Res({ passthrough: true }) res: FastifyReply, @Headers('idempotency-key') key?: string) {
    const view = await this.office.report(a, { ...b, ...(key ? { idempotencyKey: key } : {}) });
    if (view.existing) res.status(200);
    return view;
  }

  @Get('incidents')
  @Roles(...READERS)
  list(@Caller() a: Actor, @Query() q: ListIncidentsQuery) {
    return this.office.list(a, q);
  }

  @Get('incidents.xlsx')
  @Roles(...READERS)
  exportXlsx(@Caller() a: Actor, @Query() q: ExportIncidentsQuery, @Res() reply: FastifyReply) {
    return this.sendXlsx(a, q, reply);
  }

  @Get('incidents/export.xlsx')
  @Roles(...READERS)
  exportXlsxAlias(@Caller() a: Actor, @Query() q: ExportIncidentsQuery, @Res() reply: FastifyReply) {
    return this.sendXlsx(a, q, reply);
  }

  @Get('incidents/:id')
  @Roles(...READERS)
  get(@Caller() a: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.office.get(a, { id });
  }

  /** 办结满意度: the reporter's answer on a closed case; 不满意 reopens it as rework within the window. */
  @Post('incidents/:id/satisfaction')
  @HttpCode(200)
  @Roles(...REPORTERS)
  @ApiKeyAllowed()
  rate(@Caller() a: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() b: SatisfactionDto) {
    return this.office.rate(a, { ...b, incidentId: id });
  }

  /** 催办: the command centre urges the responsible unit or department (the lead of a joint dispatch). */
  @Post('incidents/:id/urge')
  @HttpCode(200)
  @Roles(Role.StreetCommander)
  urge(@Caller() a: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() b: UrgeDto) {
    return this.office.urge(a, { ...b, incidentId: id });
  }

  /** 催办签收: the urged unit or department acknowledges. */
  @Post('incidents/:id/urgings/:urgingId/acknowledge')
  @HttpCode(200)
  @Roles(Role.UnitMember, Role.DepartmentLiaison)
  acknowledgeUrging(@Caller() a: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Param('urgingId', new ParseUUIDPipe()) urgingId: string, @Body() b: AcknowledgeUrgingDto) {
    return this.office.acknowledgeUrging(a, { ...b, incidentId: id, urgingId });
  }

  @Post('incidents/:id/:action')
  @HttpCode(200)
  @Roles(...ACTORS)
  act(@Caller() a: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Param('action', new ParseEnumPipe(IncidentAction)) action: IncidentAction, @Body() b: IncidentActionDto) {
    return this.office.transition(a, { ...b, incidentId: id, action });
  }

  @Get('categories')
  @Roles(...READERS, Role.Platform)
  @ApiKeyAllowed()
  categories(@Caller() a: Actor) {
    return this.office.categories(a);
  }

  @Get('stats/key-areas')
  @Roles(...READERS)
  keyAreaStats(@Caller() a: Actor, @Query() q: KeyAreaStatsQuery) {
    return this.office.keyAreaStats(a, q);
  }

  /** 发现 per day and key area (the wall's 30-day trend), at most 92 days. */
  @Get('stats/key-areas/daily')
  @Roles(...READERS)
  keyAreaTrend(@Caller() a: Actor, @Query() q: KeyAreaTrendQuery) {
    return this.office.keyAreaTrend(a, q);
  }

  /** Open problems now per grid of a level, with red (overdue) and yellow lights: the wall's map. */
  @Get('stats/open-by-grid')
  @Roles(...READERS)
  openByGrid(@Caller() a: Actor, @Query() q: OpenByGridQuery) {
    return this.office.openByGrid(a, q);
  }

  /** 督办: runs the overdue sweep now (it also runs every minute). */
  @Post('supervision/sweep')
  @HttpCode(200)
  @Roles(Role.StreetCommander)
  sweep(@Caller() a: Actor) {
    return this.office.superviseSweep(a);
  }

  @Post('diaries')
  @Roles(Role.GridWorker, Role.StreetCommander)
  fileDiary(@Caller() a: Actor, @Body() b: FileDiaryDto, @Headers('idempotency-key') key?: string) {
    return this.office.fileDiary(a, { ...b, ...(key ? { idempotencyKey: key } : {}) });
  }

  @Get('diaries')
  @Roles(Role.GridWorker, Role.StreetCommander, Role.DistrictViewer)
  listDiaries(@Caller() a: Actor, @Query() q: ListDiariesQuery) {
    return this.office.listDiaries(a, q);
  }

  private async sendXlsx(a: Actor, q: ExportIncidentsQuery, reply: FastifyReply) {
    const { buffer, rows, truncated } = await buildLedgerXlsx(this.office, a, q);
    const day = streetToday();
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="ledger-${day}.xlsx"`)
      .header('x-ledger-rows', String(rows))
      .header('x-ledger-truncated', String(truncated))
      .send(buffer);
  }
}
