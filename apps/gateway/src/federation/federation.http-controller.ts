import { Body, Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
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
import { addRoutes, get, post } from '../routing/routes';

/**
 * The district (or city) platform's view of the level below: routes only, the federation service
 * (apps/federation) holds the read model and hands tasks and decisions down (docs/federation.md).
 * The decisions are written here (each route's body names its text differently: note, reply,
 * reason); the reads and the hand-down are table lines. Platforms call every route with an API key.
 */
const DISTRICT = [Role.Admin, Role.DistrictViewer, Role.Platform];

@ApiTags('federation')
@ApiBearerAuth()
@Controller('api/v1/federation')
export class FederationHttpController {
  constructor(readonly rpc: RpcClient) {}

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

  private decide(a: Actor, incidentId: string, decision: FederationEscalationDecision, text: string | null, idempotencyKey?: string) {
    return this.rpc.call(DecideFederationEscalation, { incidentId, decision, text, ...(idempotencyKey ? { idempotencyKey } : {}) }, a);
  }
}

addRoutes(FederationHttpController, [
  /** 上报区级: the escalations of every street in the caller's scope, newest first. */
  get('escalations', ListFederationEscalations, DISTRICT, 'escalations', { decorators: [ApiKeyAllowed()] }),
  /** Per-street figures of a month and the monthly ranking (月度排名), with each street's link state. */
  get('streets', ListFederationStreets, DISTRICT, 'streets', { decorators: [ApiKeyAllowed()] }),
  /** 下派: hand a task (a 12345 hotline ticket …) down to one street. */
  post('tasks', PushFederationTask, DISTRICT, 'pushTask', { decorators: [ApiKeyAllowed()] }),
  /** The tasks handed down and what became of them (the street's incident, as its events came back up). */
  get('tasks', ListFederationTasks, DISTRICT, 'tasks', { decorators: [ApiKeyAllowed()] }),
]);
