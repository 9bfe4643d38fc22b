import { Injectable } from '@nestjs/common';
import { GridLevel, StaffRole, StaffRoster, SYSTEM_ACTOR } from '@grid122/contracts';
import { RpcClient } from '@grid122/messaging';

/** The grid heads who should file diaries, from the grid registry (`registry.staff.roster`). */
@Injectable()
export class RegistryRoster {
  constructor(private readonly rpc: RpcClient) {}

  /** Current heads of L1-L3 grids under `root` (already narrowed to the caller's scope by the office). */
  async heads(root: string): Promise<StaffRoster.Post[]> {
    const req: StaffRoster.Request = { root: root || undefined, roles: [StaffRole.GridHead], levels: [GridLevel.Community, GridLevel.Compound, GridLevel.BuildingCluster] };
    const reply = await this.rpc.request<StaffRoster.Reply>('grid-registry', StaffRoster.subject, req, { actor: SYSTEM_ACTOR });
    return reply.items;
  }
}
