import { Injectable } from '@nestjs/common';
import { Actor, ListEscalationDeliveries, RetryEscalationDelivery } from '@grid122/contracts';
import { RpcClient } from '@grid122/messaging';
import { ServiceClient } from '../clients/service.client';

/** The office's escalation webhook deliveries, over NATS. */
@Injectable()
export class EscalationClient extends ServiceClient {
  constructor(rpc: RpcClient) {
    super(rpc, 'office');
  }
  list = (a: Actor, r: ListEscalationDeliveries.Request) => this.call<ListEscalationDeliveries.Reply>(ListEscalationDeliveries.subject, r, a);
  retry = (a: Actor, r: RetryEscalationDelivery.Request) => this.call<RetryEscalationDelivery.Reply>(RetryEscalationDelivery.subject, r, a);
}
