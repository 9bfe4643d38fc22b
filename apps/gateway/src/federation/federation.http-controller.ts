import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, Role } from '@grid122/contracts';
import { ApiKeyAllowed, Caller, Roles } from '../auth/auth.decorators';
import { AcceptEscalationDto, AnswerEscalationDto, ReturnEscalationDto, FederatedStreetsDto, ListFederatedEscalationsDto, ListFederationTasksDto, PushFederationTaskDto } from './federation.dto';
import { FederationService } from './federation.service';

/** The district (or city) platform's view of the level below: served by a gateway in FEDERATION_MODE=district|city. */
const DISTRICT = [Role.Admin, Role.DistrictViewer, Role.Platform];

@ApiTags('federation')
@ApiBearerAuth()
@Controller('api/v1/federation')
export class FederationHttpController {
  constructor(private readonly federation: FederationService) {}

  /** 上报区级: the escalations of every street in the caller's scope, newest first. */
  @Get('escalations')
  @Roles(...DISTRICT)
  @ApiKeyAllowed()
  escalations(@Caller() a: Actor, @Query() q: ListFederatedEscalationsDto) {
    return this.federation.escalations(a, q);
  }

  /** Per-street figures of a month and the monthly ranking (月度排名), with each street's link state. */
  @Get('streets')
  @Roles(...DISTRICT)
  @ApiKeyAllowed()
  streets(@Caller() a: Actor, @Query() q: FederatedStreetsDto) {
    return this.federation.streets(a, q);
  }

  /** 区级受理: the district takes the escalated case on; the street's clock stays suspended. */
  @Post('escalations/:id/accept')
  @HttpCode(202)
  @Roles(...DISTRICT)
  @ApiKeyAllowed()
  accept(@Caller() a: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() b: AcceptEscalationDto, @Headers('idempotency-key') key?: string) {
    return this.federation.decideEscalation(a, id, 'accept', b.note ?? null, key);
  }

  /** 区级答复: the district answers; the case returns to the street's desk with the reply. */
  @Post('escalations/:id/answer')
  @HttpCode(202)
  @Roles(...DISTRICT)
  @ApiKeyAllowed()
  answer(@Caller() a: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() b: AnswerEscalationDto, @Headers('idempotency-key') key?: string) {
    return this.federation.decideEscalation(a, id, 'answer', b.reply, key);
  }

  /** 区级退回: the district returns the escalation; the street's clock runs again. */
  @Post('escalations/:id/return')
  @HttpCode(202)
  @Roles(...DISTRICT)
  @ApiKeyAllowed()
  returnEscalation(@Caller() a: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() b: ReturnEscalationDto, @Headers('idempotency-key') key?: string) {
    return this.federation.decideEscalation(a, id, 'return', b.reason, key);
  }

  /** 下派: hand a task (a 12345 hotline ticket …) down to one street. */
  @Post('tasks')
  @Roles(...DISTRICT)
  @ApiKeyAllowed()
  pushTask(@Caller() a: Actor, @Body() b: PushFederationTaskDto) {
    return this.federation.pushTask(a, b);
  }

  /** The tasks handed down and what became of them (the street's incident, as its events came back up). */
  @Get('tasks')
  @Roles(...DISTRICT)
  @ApiKeyAllowed()
  tasks(@Caller() a: Actor, @Query() q: ListFederationTasksDto) {
    return this.federation.tasks(a, q);
  }
}
