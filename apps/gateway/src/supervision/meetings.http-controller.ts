import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags, OmitType } from '@nestjs/swagger';
import { Actor, CloseMeetingDecision, ListDoubleSelections, RecordDoubleSelection, ListGridMeetings, ListMeetingDecisions, MeetingFigures, MeetingMembersOf, OverdueMeetings, RecordGridMeeting, Role } from '@grid122/contracts';
import { Caller, Roles } from '../auth/auth.decorators';
import { MeetingsClient } from './meetings.client';

class MembersQuery extends MeetingMembersOf.Request {}
class RecordMeetingDto extends RecordGridMeeting.Request {}
class ListMeetingsQuery extends ListGridMeetings.Request {}
class OverdueQuery extends OverdueMeetings.Request {}
class FiguresQuery extends MeetingFigures.Request {}
class DecisionsQuery extends ListMeetingDecisions.Request {}
class RecordDoubleSelectionDto extends RecordDoubleSelection.Request {}
class ListDoubleSelectionsQuery extends ListDoubleSelections.Request {}
class CloseDecisionDto extends OmitType(CloseMeetingDecision.Request, ['id'] as const) {}

/** Who reads meetings: the supervisors, the district, grid workers (their scope and the decisions they own). */
const READERS = [Role.StreetCommander, Role.UnitMember, Role.DistrictViewer, Role.GridWorker, Role.CommunityStation];
/** Who records them: the command centre and the organisation group (the service checks the unit and scope). */
const HOLDERS = [Role.StreetCommander, Role.UnitMember, Role.CommunityStation];

/** 三会一评 (issue 25): adapters only, the registry decides (docs/grid-registry.md §督查). */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller('api/v1')
export class MeetingsHttpController {
  constructor(private readonly client: MeetingsClient) {}

  @Get('meeting-kinds')
  @Roles(...READERS)
  @ApiOperation({ summary: '三会一评: each kind with its level, cadence and members' })
  kinds(@Caller() a: Actor) {
    return this.client.kinds(a);
  }

  @Get('meetings/members')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Who should sit in a meeting of a kind on a grid (the registry’s current posts)' })
  members(@Caller() a: Actor, @Query() q: MembersQuery) {
    return this.client.members(a, q);
  }

  @Post('meetings')
  @Roles(...HOLDERS)
  @ApiOperation({ summary: 'Record a meeting held: minutes, the absent members, decisions with owner and due date' })
  record(@Caller() a: Actor, @Body() b: RecordMeetingDto) {
    return this.client.record(a, b);
  }

  @Get('meetings')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Meetings in scope, newest first' })
  list(@Caller() a: Actor, @Query() q: ListMeetingsQuery) {
    return this.client.list(a, q);
  }

  @Get('meetings/overdue')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Convening grids whose meeting of a kind is overdue by its cadence (or never held)' })
  overdue(@Caller() a: Actor, @Query() q: OverdueQuery) {
    return this.client.overdue(a, q);
  }

  @Get('meetings/figures')
  @Roles(...READERS)
  @ApiOperation({ summary: 'The month’s meetings for the board and the notice: held per kind, attendance, decisions kept, overdue' })
  figures(@Caller() a: Actor, @Query() q: FiguresQuery) {
    return this.client.figures(a, q);
  }

  @Get('meetings/:id')
  @Roles(...READERS)
  @ApiOperation({ summary: 'One meeting with attendance and decisions' })
  get(@Caller() a: Actor, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.client.get(a, { id });
  }

  @Post('double-selections')
  @Roles(Role.StreetCommander, Role.UnitMember)
  @ApiOperation({ summary: '双向选择: record a cadre’s or a grid head’s choice of a post (grid head, seconded cadre); matched when both chose' })
  choose(@Caller() a: Actor, @Body() b: RecordDoubleSelectionDto) {
    return this.client.choose(a, b);
  }

  @Get('double-selections')
  @Roles(...READERS)
  @ApiOperation({ summary: '双向选择 records in scope: who chose, matched or waiting for the other side' })
  selections(@Caller() a: Actor, @Query() q: ListDoubleSelectionsQuery) {
    return this.client.selections(a, q);
  }

  @Get('meeting-decisions')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Decisions as tasks (owner, due date); overdue=true for the open ones past due' })
  decisions(@Caller() a: Actor, @Query() q: DecisionsQuery) {
    return this.client.decisions(a, q);
  }

  @Post('meeting-decisions/:id/close')
  @HttpCode(200)
  @Roles(...HOLDERS, Role.GridWorker)
  @ApiOperation({ summary: 'Close a decision with the owner’s feedback (办结); once; on time when by its due date' })
  close(@Caller() a: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() b: CloseDecisionDto) {
    return this.client.close(a, { ...b, id });
  }
}
