import { Injectable } from '@nestjs/common';
import { Actor, AdoptTheme, AnalyseHotspots, GetTheme, ListRecurrences, ListSpikes, ListThemes, RecurrenceSummary, ThemeCandidates } from '@grid122/contracts';
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
  themeCandidates = (a: Actor, r: ThemeCandidates.Request) => this.call<ThemeCandidates.Reply>(ThemeCandidates.subject, r, a);
  adoptTheme = (a: Actor, r: AdoptTheme.Request) => this.call<AdoptTheme.Reply>(AdoptTheme.subject, r, a);
  themes = (a: Actor, r: ListThemes.Request) => this.call<ListThemes.Reply>(ListThemes.subject, r, a);
  theme = (a: Actor, r: GetTheme.Request) => this.call<GetTheme.Reply>(GetTheme.subject, r, a);
}
