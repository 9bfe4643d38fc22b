import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, GetNotice, Role } from '@grid122/contracts';
import type { FastifyReply } from 'fastify';
import { BUSINESS_ROLES, Caller, Roles } from '../auth/auth.decorators';
import { AppraisalClient } from './appraisal.client';
import {
  AnswerSurveyDto,
  CreatePlanDto,
  DemocraticDto,
  GetPlanQuery,
  ListPlansQuery,
  ListScoresQuery,
  ListSurveysQuery,
  NoticeQuery,
  RankingQuery,
  RecomputeQuery,
  ScoreHistoryQuery,
  SetGridGradeDto,
  ThreeRatesQuery,
  YearEndQuery,
} from './appraisal.dto';

/** Who reads reports: the centre, the units, departments (their seconded staff), the district. */
// Scores and rankings name grid workers: business data, not the auditor's (三员分立).
const READERS = [Role.StreetCommander, Role.UnitMember, Role.DepartmentLiaison, Role.DistrictViewer];

@ApiTags('appraisal 考核评价')
@ApiBearerAuth()
@Controller('api/v1/appraisal/plans')
export class AppraisalPlansHttpController {
  constructor(private readonly client: AppraisalClient) {}

  @Get()
  @Roles(...BUSINESS_ROLES) // each worker sees their own; the service scopes the rest
  list(@Caller() a: Actor, @Query() q: ListPlansQuery) { return this.client.listPlans(a, q); }

  @Get(':grade')
  @Roles(...BUSINESS_ROLES) // each worker sees their own; the service scopes the rest
  get(@Caller() a: Actor, @Param('grade') grade: string, @Query() q: GetPlanQuery) { return this.client.getPlan(a, { ...q, grade }); }

  @Post()
  @Roles(Role.StreetCommander)
  create(@Caller() a: Actor, @Body() b: CreatePlanDto) { return this.client.createPlan(a, b); }

  @Put('grid-grades')
  @Roles(Role.StreetCommander)
  setGrade(@Caller() a: Actor, @Body() b: SetGridGradeDto) { return this.client.setGridGrade(a, b); }
}

@ApiTags('appraisal 考核评价')
@ApiBearerAuth()
@Controller('api/v1/appraisal/scores')
export class AppraisalScoresHttpController {
  constructor(private readonly client: AppraisalClient) {}

  @Get()
  @Roles(...BUSINESS_ROLES) // each worker sees their own; the service scopes the rest
  list(@Caller() a: Actor, @Query() q: ListScoresQuery) { return this.client.listScores(a, q); }

  @Get('persons/:personId')
  @Roles(...BUSINESS_ROLES) // each worker sees their own; the service scopes the rest
  person(@Caller() a: Actor, @Param('personId') subject: string, @Query() q: ScoreHistoryQuery) { return this.client.scoreHistory(a, { ...q, kind: 'person', subject }); }

  @Get('grids/:gridPath')
  @Roles(...BUSINESS_ROLES) // each worker sees their own; the service scopes the rest
  grid(@Caller() a: Actor, @Param('gridPath') subject: string, @Query() q: ScoreHistoryQuery) { return this.client.scoreHistory(a, { ...q, kind: 'grid', subject }); }

  @Post('recompute')
  @HttpCode(200)
  @Roles(Role.Admin)
  recompute(@Caller() a: Actor, @Query() q: RecomputeQuery) { return this.client.recompute(a, q); }
}

@ApiTags('appraisal 考核评价')
@ApiBearerAuth()
@Controller('api/v1/appraisal')
export class AppraisalReportsHttpController {
  constructor(private readonly client: AppraisalClient) {}

  @Get('rankings')
  @Roles(...READERS)
  rankings(@Caller() a: Actor, @Query() q: RankingQuery) { return this.client.ranking(a, q); }

  /** JSON by default; `format=html|xlsx` downloads the document. */
  @Get('notices')
  @Roles(...READERS)
  async notice(@Caller() a: Actor, @Query() q: NoticeQuery, @Res({ passthrough: true }) res: FastifyReply) {
    return sendDocument(await this.client.notice(a, q), res);
  }

  @Get('three-rates')
  @Roles(...READERS)
  threeRates(@Caller() a: Actor, @Query() q: ThreeRatesQuery) { return this.client.threeRates(a, q); }

  @Get('year-end')
  @Roles(...BUSINESS_ROLES) // each worker sees their own; the service scopes the rest
  yearEnd(@Caller() a: Actor, @Query() q: YearEndQuery) { return this.client.yearEnd(a, q); }
}

@ApiTags('appraisal 考核评价')
@ApiBearerAuth()
@Controller('api/v1/appraisal/surveys')
export class AppraisalSurveysHttpController {
  constructor(private readonly client: AppraisalClient) {}

  @Get()
  @Roles(...BUSINESS_ROLES) // each worker sees their own; the service scopes the rest
  list(@Caller() a: Actor, @Query() q: ListSurveysQuery) { return this.client.listSurveys(a, q); }

  @Post(':id/answer')
  @Roles(...BUSINESS_ROLES) // each worker sees their own; the service scopes the rest
  @HttpCode(200)
  answer(@Caller() a: Actor, @Param('id') id: string, @Body() b: AnswerSurveyDto) { return this.client.answerSurvey(a, { ...b, id }); }

  @Post('democratic')
  @Roles(Role.StreetCommander, Role.UnitMember)
  democratic(@Caller() a: Actor, @Body() b: DemocraticDto) { return this.client.democratic(a, b); }
}

/** A notice with a rendered document goes out as the file; otherwise as JSON. */
function sendDocument(n: GetNotice.Reply, res: FastifyReply): GetNotice.Reply | Buffer {
  if (!n.document) return n;
  res.header('content-type', n.document.contentType);
  res.header('content-disposition', `attachment; filename="${n.document.filename}"`);
  return Buffer.from(n.document.base64, 'base64');
}
