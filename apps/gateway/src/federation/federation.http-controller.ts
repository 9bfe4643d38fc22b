import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  AcceptEscalationRequest,
  Actor,
  AnswerEscalationRequest,
  DecideFederationEscalation,
  FederationEscalationDecision,
  ListFederationEscalations,
  ListFederationStreets,
  ListFederationTasks,
  PushFederationTask,
  ReturnEscalationRequest,
  Role,
} from '@grid122/contracts';
import { RpcClient } from '@grid122/messaging';
import { ApiKeyAllowed, Caller, Roles } from '../auth/auth.decorators';

/**
 * The district (or city) platform's view of the level below: routes only, the federation service
 * (apps/federation) holds the read model and hands tasks and decisions down (docs/federation.md).
 * A plain controller rather than a route table: platforms call it with an API key, and the
 * decisions take the Idempotency-Key header.
 */
const DISTRICT = [Role.Admin, Role.DistrictViewer, Role.Platform];

@ApiTags('federation')
@ApiBearerAuth()
@Controller('api/v1/federation')
export class FederationHttpController {
  constructor(private readonly rpc: RpcClient) {}

  /** 上报区级: the escalations of every street in the caller's scope, newest first. */
  @Get('escalations')
  @Roles(...DISTRICT)
  @ApiKeyAllowed()
  escalations(@Caller() a: Actor, @Query() q: ListFederationEscalations.Request) {
    return this.rpc.call(ListFederationEscalations, q, a);
  }

  /** Per-street figures of a month and the monthly ranking (月度排名), with each street's link state. */
  @Get('streets')
  @Roles(...DISTRICT)
  @ApiKeyAllowed()
  streets(@Caller() a: Actor, @Query() q: ListFederationStreets.Request) {
    return this.rpc.call(ListFederationStreets, q, a);
  }

  /** 区级受理: the district takes the escalated case on; the street's clock stays suspended. */
  @Post('escalations/:id/accept')
  @HttpCode(202)
  @Roles(...DISTRICT)
  @ApiKeyAllowed()
  accept(@Caller() a: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() b: AcceptEscalationRequest, @Headers('idempotency-key') key?: string) {
    return this.decide(a, id, 'accept', b.note ?? null, key);
  }

  /** 区级答复: the district answers; the case returns to the street's desk with the reply. */
  @Post('escalations/:id/answer')
  @HttpCode(202)
  @Roles(...DISTRICT)
  @ApiKeyAllowed()
  answer(@Caller() a: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() b: AnswerEscalationRequest, @Headers('idempotency-key') key?: string) {
    return this.decide(a, id, 'answer', b.reply, key);
  }

  /** 区级退回: the district returns the escalation; the street's clock runs again. */
  @Post('escalations/:id/return')
  @HttpCode(202)
  @Roles(...DISTRICT)
  @ApiKeyAllowed()
  returnEscalation(@Caller() a: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() b: ReturnEscalationRequest, @Headers('idempotency-key') key?: string) {
    return this.decide(a, id, 'return', b.reason, key);
  }

  /** 下派: hand a task (a 12345 hotline ticket …) down to one street. */
  @Post('tasks')
  @Roles(...DISTRICT)
  @ApiKeyAllowed()
  pushTask(@Caller() a: Actor, @Body() b: PushFederationTask.Request) {
    return this.rpc.call(PushFederationTask, b, a);
  }

  /** The tasks handed down and what became of them (the street's incident, as its events came back up). */
  @Get('tasks')
  @Roles(...DISTRICT)
  @ApiKeyAllowed()
  tasks(@Caller() a: Actor, @Query() q: ListFederationTasks.Request) {
    return this.rpc.call(ListFederationTasks, q, a);
  }

  private decide(a: Actor, incidentId: string, decision: FederationEscalationDecision, text: string | null, idempotencyKey?: string) {
    return this.rpc.call(DecideFederationEscalation, { incidentId, decision, text, ...(idempotencyKey ? { idempotencyKey } : {}) }, a);
  }
}
