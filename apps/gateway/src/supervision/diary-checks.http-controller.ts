import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags, OmitType } from '@nestjs/swagger';
import { Actor, DrawDiaryChecks, ExpectedDiaries, GetDiaryReview, GradeDiaryCheck, ListDiaryChecks, Role } from '@grid122/contracts';
import { Caller, Roles } from '../auth/auth.decorators';
import { DiaryChecksClient } from './diary-checks.client';

class ExpectedDiariesQuery extends ExpectedDiaries.Request {}
class DrawDiaryChecksDto extends DrawDiaryChecks.Request {}
class ListDiaryChecksQuery extends ListDiaryChecks.Request {}
class GradeDiaryCheckDto extends OmitType(GradeDiaryCheck.Request, ['id'] as const) {}
class DiaryReviewQuery extends OmitType(GetDiaryReview.Request, ['month'] as const) {}

/** Who reads the supervision's figures: the supervisors, the district, the grid heads (their own). */
const READERS = [Role.StreetCommander, Role.UnitMember, Role.DistrictViewer, Role.GridWorker, Role.CommunityStation];
/** 督查: the command centre and the organisation group (the service checks the unit). */
const SUPERVISORS = [Role.StreetCommander, Role.UnitMember, Role.CommunityStation];

/** 民情日志督查 (issue 25): adapters only, the office decides (docs/grid-registry.md §督查). */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller('api/v1')
export class DiaryChecksHttpController {
  constructor(private readonly client: DiaryChecksClient) {}

  @Get('diaries/expected')
  @Roles(...READERS)
  @ApiOperation({ summary: '应报/未报: the day’s expected diaries per grid head and the missing ones (street working days)' })
  expected(@Caller() a: Actor, @Query() q: ExpectedDiariesQuery) {
    return this.client.expected(a, q);
  }

  @Post('diary-checks/draw')
  @Roles(...SUPERVISORS)
  @ApiOperation({ summary: '随机抽查: draw the month’s spot-checks (a share of the diaries, every grid head at least once)' })
  draw(@Caller() a: Actor, @Body() b: DrawDiaryChecksDto) {
    return this.client.draw(a, b);
  }

  @Get('diary-checks')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Spot-checks with grade and comment; a grid worker sees their own' })
  list(@Caller() a: Actor, @Query() q: ListDiaryChecksQuery) {
    return this.client.list(a, q);
  }

  @Post('diary-checks/:id/grade')
  @HttpCode(200)
  @Roles(...SUPERVISORS)
  @ApiOperation({ summary: 'Grade a drawn diary (优秀/良好/合格/不合格) with a comment the grid head sees; once' })
  grade(@Caller() a: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() b: GradeDiaryCheckDto) {
    return this.client.grade(a, { ...b, id });
  }

  @Get('diary-reviews/:month')
  @Roles(...READERS)
  @ApiOperation({ summary: '讲评: the month’s review per grid head (completeness, grades, comments), best first' })
  review(@Caller() a: Actor, @Param('month') month: string, @Query() q: DiaryReviewQuery) {
    return this.client.review(a, { ...q, month });
  }

  @Post('diary-reviews/:month/publish')
  @HttpCode(200)
  @Roles(...SUPERVISORS)
  @ApiOperation({ summary: '通报: publish a finished month’s review once; completeness goes to appraisal' })
  publish(@Caller() a: Actor, @Param('month') month: string, @Body() b: DiaryReviewQuery) {
    return this.client.publish(a, { ...b, month });
  }
}
