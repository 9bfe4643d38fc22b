import { Injectable } from '@nestjs/common';
import { Actor, AnalyseHotspots, ListRecurrences, ListSpikes, RecurrenceSummary } from '@grid122/contracts';
import { RpcClient } from '@grid122/messaging';
import { ServiceClient } from '../clients/service.client';

/** The office's recurrence, hotspot and spike reads, over NATS. */
@Injectable()
export class HotspotsClient extends ServiceClient {
  constructor(rpc: RpcClient) {
    super(rpc, 'office');
  }
  recurrenceSummary = (a: Actor, r: RecurrenceSummary.Request) => this.call<RecurrenceSummary.Reply>(RecurrenceSummary.subject, r, a);
  recurrences = (a: Actor, r: ListRecurrences.Request) => this.call<ListRecurrences.Reply>(ListRecurrences.subject, r, a);
  analyse = (a: Actor, r: AnalyseHotspots.Request) => this.call<AnalyseHotspots.Reply>(AnalyseHotspots.subject, r, a);
  spikes = (a: Actor, r: ListSpikes.Request) => this.call<ListSpikes.Reply>(ListSpikes.subject, r, a);
}
