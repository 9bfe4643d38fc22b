import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AcceptFederationEscalation, Actor, AnswerFederationEscalation, DecideFederationEscalation, ListFederationEscalations, ListFederationStreets, ListFederationTasks, PushFederationTask,
  ReturnFederationEscalation,
} from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { FederationService } from './federation.service';

/** `federation.*`: the district platform's (区级平台) read model and hand-down, asked by the gateway's /api/v1/federation routes. */
@Controller()
export class FederationMessageController {
  constructor(private readonly federation: FederationService) {}

  @MessagePattern(ListFederationEscalations.subject)
  escalations(@Payload() req: ListFederationEscalations.Request, @CurrentActor() actor: Actor): Promise<ListFederationEscalations.Reply> {
    return this.federation.escalations(actor, req);
  }

  @MessagePattern(ListFederationStreets.subject)
  streets(@Payload() req: ListFederationStreets.Request, @CurrentActor() actor: Actor): Promise<ListFederationStreets.Reply> {
    return this.federation.streets(actor, req);
  }

  @MessagePattern(PushFederationTask.subject)
  pushTask(@Payload() req: PushFederationTask.Request, @CurrentActor() actor: Actor): Promise<PushFederationTask.Reply> {
    return this.federation.pushTask(actor, req);
  }

  @MessagePattern(ListFederationTasks.subject)
  tasks(@Payload() req: ListFederationTasks.Request, @CurrentActor() actor: Actor): Promise<ListFederationTasks.Reply> {
    return this.federation.tasks(actor, req);
  }

  /** 区级受理: the district takes the escalated case on; the street's clock stays suspended. */
  @MessagePattern(AcceptFederationEscalation.subject)
  accept(@Payload() req: AcceptFederationEscalation.Request, @CurrentActor() actor: Actor): Promise<AcceptFederationEscalation.Reply> {
    return this.federation.decideEscalation(actor, { incidentId: req.incidentId, decision: 'accept', text: req.note ?? null, idempotencyKey: req.idempotencyKey });
  }

  /** 区级答复: the district answers; the case returns to the street's desk with the reply. */
  @MessagePattern(AnswerFederationEscalation.subject)
  answer(@Payload() req: AnswerFederationEscalation.Request, @CurrentActor() actor: Actor): Promise<AnswerFederationEscalation.Reply> {
    return this.federation.decideEscalation(actor, { incidentId: req.incidentId, decision: 'answer', text: req.reply, idempotencyKey: req.idempotencyKey });
  }

  /** 区级退回: the district returns the escalation; the street's clock runs again. */
  @MessagePattern(ReturnFederationEscalation.subject)
  returnEscalation(@Payload() req: ReturnFederationEscalation.Request, @CurrentActor() actor: Actor): Promise<ReturnFederationEscalation.Reply> {
    return this.federation.decideEscalation(actor, { incidentId: req.incidentId, decision: 'return', text: req.reason, idempotencyKey: req.idempotencyKey });
  }

  /** Any decision: asked by the gateways of the release before the three subjects above (expand, then contract: drop it in the next). */
  @MessagePattern(DecideFederationEscalation.subject)
  decide(@Payload() req: DecideFederationEscalation.Request, @CurrentActor() actor: Actor): Promise<DecideFederationEscalation.Reply> {
    return this.federation.decideEscalation(actor, req);
  }
}
