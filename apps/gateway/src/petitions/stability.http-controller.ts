import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AcknowledgeWarningBody, Actor, IssueWarning, LiftWarningBody, ListMeetings, ListWarnings, RecordMeeting } from '@grid122/contracts';
import { Caller, Roles } from '../auth/auth.decorators';
import { PetitionsClient } from './petitions.client';
import { COMMAND_ROLES, GRID_WORK_ROLES, MANAGE_ROLES, READ_ROLES } from './petitions.roles';

/** 四级预警: `/api/v1/stability-warnings`. */
@ApiTags('stability-warnings')
@ApiBearerAuth()
@Controller('api/v1/stability-warnings')
export class StabilityWarningsHttpController {
  constructor(private readonly client: PetitionsClient) {}

  @Post()
  @Roles(...COMMAND_ROLES)
  issue(@Caller() a: Actor, @Body() b: IssueWarning.Request) {
    return this.client.issueWarning(a, b);
  }

  @Get()
  @Roles(...READ_ROLES)
  list(@Caller() a: Actor, @Query() q: ListWarnings.Request) {
    return this.client.listWarnings(a, q);
  }

  /** Warnings in force over the caller's grids, highest level first, with what is left to acknowledge. */
  @Get('current')
  @Roles(...READ_ROLES)
  current(@Caller() a: Actor) {
    return this.client.currentWarnings(a);
  }

  @Get(':id')
  @Roles(...READ_ROLES)
  get(@Caller() a: Actor, @Param('id') id: string) {
    return this.client.getWarning(a, id);
  }

  @Get(':id/unacknowledged')
  @Roles(...READ_ROLES)
  unacknowledged(@Caller() a: Actor, @Param('id') id: string) {
    return this.client.unacknowledged(a, id);
  }

  /** 签收 by a grid under the warning. */
  @Post(':id/acknowledge')
  @HttpCode(200)
  @Roles(...GRID_WORK_ROLES)
  acknowledge(@Caller() a: Actor, @Param('id') id: string, @Body() b: AcknowledgeWarningBody) {
    return this.client.acknowledgeWarning(a, { ...b, id });
  }

  @Post(':id/lift')
  @HttpCode(200)
  @Roles(...COMMAND_ROLES)
  lift(@Caller() a: Actor, @Param('id') id: string, @Body() b: LiftWarningBody) {
    return this.client.liftWarning(a, { ...b, id });
  }
}

/** 维稳工作例会 (weekly): `/api/v1/stability-meetings`. */
@ApiTags('stability-meetings')
@ApiBearerAuth()
@Controller('api/v1/stability-meetings')
export class StabilityMeetingsHttpController {
  constructor(private readonly client: PetitionsClient) {}

  @Post()
  @Roles(...MANAGE_ROLES)
  record(@Caller() a: Actor, @Body() b: RecordMeeting.Request) {
    return this.client.recordMeeting(a, b);
  }

  @Get()
  @Roles(...READ_ROLES)
  list(@Caller() a: Actor, @Query() q: ListMeetings.Request) {
    return this.client.listMeetings(a, q);
  }

  @Get(':id')
  @Roles(...READ_ROLES)
  get(@Caller() a: Actor, @Param('id') id: string) {
    return this.client.getMeeting(a, id);
  }
}
