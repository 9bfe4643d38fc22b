import { Injectable } from '@nestjs/common';
import { AcknowledgeDualReport, Actor, DualReportView, ListDualReports } from '@grid122/contracts';
import { RpcClient } from '@grid122/messaging';
import { ServiceClient } from '../clients/service.client';

/** The office's dual reports (双报告) for the community workstation, over NATS. */
@Injectable()
export class DualReportsClient extends ServiceClient {
  constructor(rpc: RpcClient) {
    super(rpc, 'office');
  }
  list = (a: Actor, r: ListDualReports.Request) => this.call<ListDualReports.Reply>(ListDualReports.subject, r, a);
  acknowledge = (a: Actor, r: AcknowledgeDualReport.Request) => this.call<DualReportView>(AcknowledgeDualReport.subject, r, a);
}
