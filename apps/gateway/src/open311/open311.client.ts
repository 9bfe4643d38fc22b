import { Injectable } from '@nestjs/common';
import { Actor, CommentOnIncident, ListCategories, ListIncidentUpdates, ListOpen311Requests, ReportIncident } from '@grid122/contracts';
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
  requests = (a: Actor, r: ListOpen311Requests.Request) => this.call<ListOpen311Requests.Reply>(ListOpen311Requests.subject, r, a);
  updates = (a: Actor, r: ListIncidentUpdates.Request) => this.call<ListIncidentUpdates.Reply>(ListIncidentUpdates.subject, r, a);
  comment = (a: Actor, r: CommentOnIncident.Request) => this.call<CommentOnIncident.Reply>(CommentOnIncident.subject, r, a);
}
