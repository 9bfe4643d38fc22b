import { Injectable } from '@nestjs/common';
import {
  Actor,
  DiaryView,
  FileDiary,
  GetIncident,
  IncidentView,
  KeyAreaStats,
  KeyAreaTrend,
  ListCategories,
  ListDiaries,
  ListIncidents,
  OpenByGrid,
  ReportIncident,
  SuperviseSweep,
  TransitionIncident,
  RateIncident,
  UrgeIncident,
  AcknowledgeUrging,
} from '@grid122/contracts';
import { RpcClient } from '@grid122/messaging';
import { ServiceClient } from '../clients/service.client';

/** The office's NATS API, typed (timeouts and error mapping live in RpcClient). */
@Injectable()
export class OfficeClient extends ServiceClient {
  constructor(rpc: RpcClient) {
    super(rpc, 'office');
  }

  report(actor: Actor, req: ReportIncident.Request) {
    return this.call<ReportIncident.Reply>(ReportIncident.subject, req, actor);
  }
  transition(actor: Actor, req: TransitionIncident.Request) {
    return this.call<IncidentView>(TransitionIncident.subject, req, actor);
  }
  get(actor: Actor, req: GetIncident.Request) {
    return this.call<IncidentView>(GetIncident.subject, req, actor);
  }
  list(actor: Actor, req: ListIncidents.Request) {
    return this.call<ListIncidents.Reply>(ListIncidents.subject, req, actor);
  }
  categories(actor: Actor) {
    return this.call<ListCategories.Reply>(ListCategories.subject, {}, actor);
  }
  keyAreaStats(actor: Actor, req: KeyAreaStats.Request) {
    return this.call<KeyAreaStats.Reply>(KeyAreaStats.subject, req, actor);
  }
  keyAreaTrend(actor: Actor, req: KeyAreaTrend.Request) {
    return this.call<KeyAreaTrend.Reply>(KeyAreaTrend.subject, req, actor);
  }
  openByGrid(actor: Actor, req: OpenByGrid.Request) {
    return this.call<OpenByGrid.Reply>(OpenByGrid.subject, req, actor);
  }
  rate(actor: Actor, req: RateIncident.Request) {
    return this.call<RateIncident.Reply>(RateIncident.subject, req, actor);
  }
  urge(actor: Actor, req: UrgeIncident.Request) {
    return this.call<UrgeIncident.Reply>(UrgeIncident.subject, req, actor);
  }
  acknowledgeUrging(actor: Actor, req: AcknowledgeUrging.Request) {
    return this.call<AcknowledgeUrging.Reply>(AcknowledgeUrging.subject, req, actor);
  }
  superviseSweep(actor: Actor) {
    return this.call<SuperviseSweep.Reply>(SuperviseSweep.subject, {}, actor);
  }
  fileDiary(actor: Actor, req: FileDiary.Request) {
    return this.call<DiaryView>(FileDiary.subject, req, actor);
  }
  listDiaries(actor: Actor, req: ListDiaries.Request) {
    return this.call<ListDiaries.Reply>(ListDiaries.subject, req, actor);
  }
}
