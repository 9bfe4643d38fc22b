import { Injectable } from '@nestjs/common';
import { Actor, GetGrid, HUB_SUBJECTS, HubFiguresByPanel, HubFiguresRequest, HubPanel, HubPartReply, ServiceName } from '@grid122/contracts';
import { RpcClient } from '@grid122/messaging';

const SERVICE_OF_PANEL: Record<HubPanel, ServiceName> = {
  office: 'office',
  organisation: 'grid-registry',
  petitions: 'petitions',
  social: 'social-services',
  enforcement: 'enforcement',
  appraisal: 'appraisal',
};

/** The hub's typed client: one `*.hub.figures` query per service, each with its own timeout. */
@Injectable()
export class HubClient {
  constructor(private readonly rpc: RpcClient) {}

  figures<P extends HubPanel>(panel: P, actor: Actor, req: HubFiguresRequest, timeoutMs: number): Promise<HubPartReply<HubFiguresByPanel[P]>> {
    return this.rpc.request(SERVICE_OF_PANEL[panel], HUB_SUBJECTS[panel], req, { actor, timeoutMs });
  }

  grid(actor: Actor, id: string): Promise<GetGrid.Reply> {
    return this.rpc.request('grid-registry', GetGrid.subject, { id } satisfies GetGrid.Request, { actor });
  }
}
