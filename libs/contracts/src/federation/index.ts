import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import {
  FEDERATION_ESCALATION_DECISIONS,
  FederatedEscalationView,
  FederatedStreetsQuery,
  FederatedStreetsReply,
  FederationEscalationDecision,
  FederationTaskView,
  ListFederatedEscalationsQuery,
  PushFederationTaskRequest,
  STREET_LABEL_PATTERN,
} from '../common/federation';
import { rpcSubject } from '../common/rpc';
import { Text, QueryInt } from '../common/fields';

/**
 * The federation service (apps/federation, 区级平台): the district's (or city's) read model of the
 * level below and the hand-down of tasks and decisions. The gateway's `/api/v1/federation/*`
 * routes call these; a street's federation service answers them with 404 (it holds no read model).
 */

/** `GET /api/v1/federation/escalations`: the escalations of every street in the caller's scope, newest first. */
export namespace ListFederationEscalations {
  export const subject = rpcSubject<Request, Reply>('federation.escalation.list');
  export class Request extends ListFederatedEscalationsQuery {}
  export interface Reply {
    items: FederatedEscalationView[];
  }
}

/** `GET /api/v1/federation/streets`: per-street figures of a month and the monthly ranking. */
export namespace ListFederationStreets {
  export const subject = rpcSubject<Request, Reply>('federation.street.list');
  export class Request extends FederatedStreetsQuery {}
  export type Reply = FederatedStreetsReply;
}

/** `POST /api/v1/federation/tasks` (下派): a task handed down to one street; a retry under the same reference is the same task. */
export namespace PushFederationTask {
  export const subject = rpcSubject<Request, Reply>('federation.task.push');
  export class Request extends PushFederationTaskRequest {}
  export type Reply = FederationTaskView;
}

/** `GET /api/v1/federation/tasks`: the tasks handed down and what became of them. */
export namespace ListFederationTasks {
  export const subject = rpcSubject<Request, Reply>('federation.task.list');
  export class Request {
    @IsOptional() @Matches(STREET_LABEL_PATTERN, { message: 'street must be a street label like btq' }) street?: string;
    @IsOptional() @QueryInt(1, 500) limit?: number;
  }
  export type Reply = FederationTaskView[];
}

/**
 * `POST /api/v1/federation/escalations/{id}/accept|answer|return` (区级处理上报件): sent down to the
 * street, 202. One subject per decision, each with its own text (accept: an optional note; answer:
 * the reply; return: the reason), all answered by the one decision of DecideFederationEscalation.
 */
export namespace AcceptFederationEscalation {
  export const subject = rpcSubject<Request, Reply>('federation.escalation.accept');
  export class Request {
    @IsUUID() incidentId: string;
    @IsOptional() @Text(2000) note?: string;
    @IsOptional() @Text(200) idempotencyKey?: string;
  }
  export type Reply = DecideFederationEscalation.Reply;
}
export namespace AnswerFederationEscalation {
  export const subject = rpcSubject<Request, Reply>('federation.escalation.answer');
  export class Request {
    @IsUUID() incidentId: string;
    @Text(2000, 2) reply: string;
    @IsOptional() @Text(200) idempotencyKey?: string;
  }
  export type Reply = DecideFederationEscalation.Reply;
}
export namespace ReturnFederationEscalation {
  export const subject = rpcSubject<Request, Reply>('federation.escalation.return');
  export class Request {
    @IsUUID() incidentId: string;
    @Text(2000, 2) reason: string;
    @IsOptional() @Text(200) idempotencyKey?: string;
  }
  export type Reply = DecideFederationEscalation.Reply;
}

/** The district's decision on an escalation, whichever it is (the gateways of the release before ask this subject; the three above replace it). */
export namespace DecideFederationEscalation {
  export const subject = rpcSubject<Request, Reply>('federation.escalation.decide');
  export class Request {
    @IsUUID() incidentId: string;
    @IsIn(FEDERATION_ESCALATION_DECISIONS) decision: FederationEscalationDecision;
    /** answer: the reply; return: the reason; accept: an optional note (checked by each decision's own subject above). */
    @IsOptional() @Text(2000) text?: string | null;
    /** The HTTP Idempotency-Key: a retry with it is the same decision. */
    @IsOptional() @Text(200) idempotencyKey?: string;
  }
  export interface Reply {
    id: string;
    incidentId: string;
    street: string;
    decision: FederationEscalationDecision;
    decisionLabel: { zh: string; en: string };
    sentAt: string;
  }
}
