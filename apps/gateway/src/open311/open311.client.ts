import { Injectable } from '@nestjs/common';
import { Actor, CommentOnIncident, GetIncident, GetIncidents, ListCategories, ListIncidents, ListIncidentUpdates, ReportIncident } from '@grid122/contracts';
import { RpcClient } from '@grid122/messaging';
import { ServiceClient } from '../clients/service.client';

/** Open311's own typed client of the office: intake, the ledger, the update feed, comments and the category table. */
@Injectable()
export class Open311OfficeClient extends ServiceClient {
  constructor(rpc: RpcClient) {
    super(rpc, 'office');
  }
  categories = (a: Actor) => this.call<ListCategories.Reply>(ListCategories.subject, {}, a);
  report = (a: Actor, r: ReportIncident.Request) => this.call<ReportIncident.Reply>(ReportIncident.subject, r, a);
  list = (a: Actor, r: ListIncidents.Request) => this.call<ListIncidents.Reply>(ListIncidents.subject, r, a);
  get = (a: Actor, id: string) => this.call<GetIncident.Reply>(GetIncident.subject, { id } satisfies GetIncident.Request, a);
  getMany = (a: Actor, ids: string[]) => this.call<GetIncidents.Reply>(GetIncidents.subject, { ids } satisfies GetIncidents.Request, a);
  updates = (a: Actor, r: ListIncidentUpdates.Request) => this.call<ListIncidentUpdates.Reply>(ListIncidentUpdates.subject, r, a);
  comment = (a: Actor, r: CommentOnIncident.Request) => this.call<CommentOnIncident.Reply>(CommentOnIncident.subject, r, a);
}
