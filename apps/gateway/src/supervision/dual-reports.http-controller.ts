import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags, OmitType } from '@nestjs/swagger';
import { AcknowledgeDualReport, Actor, ListDualReports, Role } from '@grid122/contracts';
import { Caller, Roles } from '../auth/auth.decorators';
import { DualReportsClient } from './dual-reports.client';

class ListDualReportsQuery extends ListDualReports.Request {}
class AcknowledgeDualReportDto extends OmitType(AcknowledgeDualReport.Request, ['incidentId'] as const) {}

/** 双报告 (issue 25): the community workstation takes in its grids' reports; adapters only. */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller('api/v1/dual-reports')
export class DualReportsHttpController {
  constructor(private readonly client: DualReportsClient) {}

  @Get()
  @Roles(Role.CommunityStation, Role.StreetCommander, Role.DistrictViewer)
  @ApiOperation({ summary: '双报告: the problems the community’s grids reported (30 days), pending first, overdue when not taken in in time' })
  list(@Caller() a: Actor, @Query() q: ListDualReportsQuery) {
    return this.client.list(a, q);
  }

  @Post(':incidentId/acknowledge')
  @HttpCode(200)
  @Roles(Role.CommunityStation)
  @ApiOperation({ summary: '社区签收: take a grid’s report in with what the community does; once' })
  acknowledge(@Caller() a: Actor, @Param('incidentId', new ParseUUIDPipe()) incidentId: string, @Body() b: AcknowledgeDualReportDto) {
    return this.client.acknowledge(a, { ...b, incidentId });
  }
}
