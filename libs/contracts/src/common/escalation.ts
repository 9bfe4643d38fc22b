import { IsIn, IsOptional } from 'class-validator';
import { rpcSubject } from './rpc';
import { IdRequest } from './primitives';
import { QueryInt } from './fields';

/**
 * Escalation to the district (上报区级): the office posts every `office.incident.escalated` event to a
 * configured webhook (HMAC-SHA256 signed, retried with backoff, dead-lettered). District platforms on
 * the same NATS take the JetStream event `evt.office.incident.escalated` instead.
 */
export const ESCALATION_SIGNATURE_HEADER = 'X-Grid122-Signature';
export const ESCALATION_TIMESTAMP_HEADER = 'X-Grid122-Timestamp';
export const ESCALATION_DELIVERY_STATES = ['pending', 'delivered', 'dead'] as const;
export type EscalationDeliveryState = (typeof ESCALATION_DELIVERY_STATES)[number];
export const ESCALATION_DELIVERY_STATE_LABELS: Record<EscalationDeliveryState, { zh: string; en: string }> = {
  pending: { zh: '待投递', en: 'Pending' },
  delivered: { zh: '已送达', en: 'Delivered' },
  dead: { zh: '投递失败', en: 'Dead-lettered' },
};

export interface EscalationDeliveryView {
  id: string;
  eventId: string;
  incidentId: string;
  incidentCode: string;
  gridPath: string;
  url: string;
  state: EscalationDeliveryState;
  stateLabel: { zh: string; en: string };
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  deadAt: string | null;
  createdAt: string;
}

/** `office.escalation.deliveries`: the webhook's deliveries in the caller's scope, newest first. */
export namespace ListEscalationDeliveries {
  export const subject = rpcSubject<Request, Reply>('office.escalation.deliveries');
  export class Request {
    @IsOptional() @IsIn(ESCALATION_DELIVERY_STATES) state?: EscalationDeliveryState;
    @IsOptional() @QueryInt(1, 200) limit?: number;
  }
  export interface Reply {
    items: EscalationDeliveryView[];
    counts: Record<EscalationDeliveryState, number>;
  }
}

/** `office.escalation.retry`: puts a dead delivery back in the queue (admin / commander). */
export namespace RetryEscalationDelivery {
  export const subject = rpcSubject<Request, Reply>('office.escalation.retry');
  export class Request extends IdRequest {}
  export type Reply = EscalationDeliveryView;
}
