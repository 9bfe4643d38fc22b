import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Actor, EnforcementCategory, Role } from '@grid122/contracts';
import { Caller, Roles } from '../auth/auth.decorators';
import {
  AcknowledgeDto,
  CategoryUpdateDto,
  CloseDto,
  CorrectionDto,
  CreateOperationDto,
  DecisionDto,
  EvidenceDto,
  ExportCasesQuery,
  FiguresQuery,
  InspectionDto,
  ListCasesQuery,
  ListInspectionsQuery,
  ListNoticesQuery,
  ListOperationsQuery,
  NoticeDto,
  OpenCaseDto,
  OperationResultDto,
  ReinspectionDto,
  ReturnDto,
} from './enforcement.dto';
import { EnforcementClient } from './enforcement.client';
import { casesWorkbook } from './enforcement-export';

const READERS = [Role.StreetCommander, Role.DistrictViewer, Role.UnitMember, Role.DepartmentLiaison];
const WRITERS = [Role.StreetCommander, Role.UnitMember];
const uuid = new ParseUUIDPipe({ version: undefined });

type Reply = { header(k: string, v: string): Reply };

/** 综合执法队: cases, inspections, notices, evidence, the action log, figures. Adapters only. */
@ApiTags('enforcement')
@ApiBearerAuth()
@Controller('api/v1/enforcement')
export class EnforcementHttpController {
  constructor(private readonly client: EnforcementClient) {}

  @Get('categories')
  @Roles(...READERS)
  categories(@Caller() a: Actor) {
    return this.client.categories(a);
  }

  @Put('categories/:code')
  @Roles(Role.StreetCommander)
  updateCategory(@Caller() a: Actor, @Param('code') code: EnforcementCategory, @Body() b: CategoryUpdateDto) {
    return this.client.updateCategory(a, { ...b, code });
  }

  @Post('cases')
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Open a case from the team’s own patrol finding (also creates the office incident, by event)' })
  open(@Caller() a: Actor, @Body() b: OpenCaseDto) {
    return this.client.openCase(a, b);
  }

  @Get('cases')
  @Roles(...READERS)
  list(@Caller() a: Actor, @Query() q: ListCasesQuery) {
    return this.client.listCases(a, q);
  }

  @Get('cases/export.xlsx')
  @Roles(...READERS)
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async export(@Caller() a: Actor, @Query() q: ExportCasesQuery, @Res({ passthrough: true }) reply: Reply) {
    const { rows, truncated } = await this.client.exportCases(a, q);
    reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="enforcement-cases.xlsx"`);
    return casesWorkbook(rows, truncated);
  }

  @Get('cases/:id')
  @Roles(...READERS)
  get(@Caller() a: Actor, @Param('id', uuid) id: string) {
    return this.client.getCase(a, { id });
  }

  @Post('cases/:id/inspections')
  @Roles(...WRITERS)
  inspect(@Caller() a: Actor, @Param('id', uuid) id: string, @Body() b: InspectionDto) {
    return this.client.inspect(a, { ...b, caseId: id });
  }

  @Post('cases/:id/notices')
  @Roles(...WRITERS)
  issueNotice(@Caller() a: Actor, @Param('id', uuid) id: string, @Body() b: NoticeDto) {
    return this.client.issueNotice(a, { ...b, caseId: id });
  }

  @Post('cases/:id/decisions')
  @Roles(...WRITERS)
  decide(@Caller() a: Actor, @Param('id', uuid) id: string, @Body() b: DecisionDto) {
    return this.client.decide(a, { ...b, caseId: id });
  }

  @Post('cases/:id/close')
  @HttpCode(200)
  @Roles(...WRITERS)
  close(@Caller() a: Actor, @Param('id', uuid) id: string, @Body() b: CloseDto) {
    return this.client.close(a, { ...b, caseId: id });
  }

  @Post('cases/:id/return')
  @HttpCode(200)
  @Roles(...WRITERS)
  returnCase(@Caller() a: Actor, @Param('id', uuid) id: string, @Body() b: ReturnDto) {
    return this.client.returnCase(a, { ...b, caseId: id });
  }

  @Post('cases/:id/evidence')
  @Roles(...WRITERS)
  addEvidence(@Caller() a: Actor, @Param('id', uuid) id: string, @Body() b: EvidenceDto) {
    return this.client.addEvidence(a, { ...b, caseId: id });
  }

  @Get('cases/:id/evidence/:sha256')
  @Roles(...READERS)
  async evidence(@Caller() a: Actor, @Param('id', uuid) id: string, @Param('sha256') sha256: string, @Res({ passthrough: true }) reply: Reply) {
    const e = await this.client.getEvidence(a, { caseId: id, sha256 });
    reply.header('content-type', e.mediaType).header('etag', `"${e.sha256}"`).header('cache-control', 'private, max-age=31536000, immutable');
    return Buffer.from(e.contentBase64, 'base64');
  }

  @Get('cases/:id/log')
  @Roles(...READERS)
  log(@Caller() a: Actor, @Param('id', uuid) id: string) {
    return this.client.log(a, { caseId: id });
  }

  @Get('cases/:id/log/verify')
  @Roles(...READERS, Role.Auditor)
  verify(@Caller() a: Actor, @Param('id', uuid) id: string) {
    return this.client.verifyLog(a, { caseId: id });
  }

  @Post('cases/:id/log/corrections')
  @Roles(...WRITERS)
  correct(@Caller() a: Actor, @Param('id', uuid) id: string, @Body() b: CorrectionDto) {
    return this.client.correctLog(a, { ...b, caseId: id });
  }

  @Get('inspections')
  @Roles(...READERS)
  inspections(@Caller() a: Actor, @Query() q: ListInspectionsQuery) {
    return this.client.listInspections(a, q);
  }

  @Get('notices')
  @Roles(...READERS)
  notices(@Caller() a: Actor, @Query() q: ListNoticesQuery) {
    return this.client.listNotices(a, q);
  }

  @Post('notices/:id/reinspections')
  @Roles(...WRITERS)
  reinspect(@Caller() a: Actor, @Param('id', uuid) id: string, @Body() b: ReinspectionDto) {
    return this.client.reinspect(a, { ...b, noticeId: id });
  }

  @Get('figures')
  @Roles(...READERS)
  figures(@Caller() a: Actor, @Query() q: FiguresQuery) {
    return this.client.figures(a, q);
  }
}

/** 联合执法: joint operations. */
@ApiTags('enforcement')
@ApiBearerAuth()
@Controller('api/v1/enforcement/operations')
export class JointOperationHttpController {
  constructor(private readonly client: EnforcementClient) {}

  @Post()
  @Roles(...WRITERS)
  create(@Caller() a: Actor, @Body() b: CreateOperationDto) {
    return this.client.createOperation(a, b);
  }

  @Get()
  @Roles(...READERS)
  list(@Caller() a: Actor, @Query() q: ListOperationsQuery) {
    return this.client.listOperations(a, q);
  }

  @Get(':id')
  @Roles(...READERS)
  get(@Caller() a: Actor, @Param('id', uuid) id: string) {
    return this.client.getOperation(a, { id });
  }

  @Post(':id/acknowledgements')
  @HttpCode(200)
  @Roles(...WRITERS, Role.DepartmentLiaison)
  acknowledge(@Caller() a: Actor, @Param('id', uuid) id: string, @Body() b: AcknowledgeDto) {
    return this.client.acknowledge(a, { ...b, operationId: id });
  }

  @Post(':id/targets/:targetId/result')
  @HttpCode(200)
  @Roles(...WRITERS)
  recordResult(@Caller() a: Actor, @Param('id', uuid) id: string, @Param('targetId', uuid) targetId: string, @Body() b: OperationResultDto) {
    return this.client.recordResult(a, { ...b, operationId: id, targetId });
  }
}
