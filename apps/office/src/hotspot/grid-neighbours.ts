import { Injectable } from '@nestjs/common';
import { GridLevel, GridNeighbours, SYSTEM_ACTOR } from '@grid122/contracts';
import { RpcClient } from '@grid122/messaging';
import { HotspotEnv } from './hotspot.env';

export interface NeighbourTable {
  places: GridNeighbours.Place[];
  /** neighbours of each place, by index (without the place itself) */
  neighbours: number[][];
  distanceM: number;
}

/**
 * The spatial weights of the analysis: the registry's grids of a level under a root and which
 * share a border (`registry.grid.neighbours`, PostGIS on the registry's polygons), kept in memory
 * for HOTSPOT_NEIGHBOUR_CACHE_MS — grids change rarely, and a street's table is asked for on every
 * interactive analysis. Asked as the office (whole map): callers narrow the root to their scope first.
 */
@Injectable()
export class GridNeighbourCache {
  private readonly cache = new Map<string, { at: number; table: Promise<NeighbourTable> }>();

  constructor(
    private readonly rpc: RpcClient,
    private readonly env: HotspotEnv,
  ) {}

  get(root: string, level: GridLevel, distanceM = 0): Promise<NeighbourTable> {
    const key = `${root}|${level}|${distanceM}`;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < this.env.HOTSPOT_NEIGHBOUR_CACHE_MS) return hit.table;
    const table = this.fetch(root, level, distanceM);
    this.cache.set(key, { at: Date.now(), table });
    table.catch(() => this.cache.delete(key));
    if (this.cache.size > 500) this.cache.delete(this.cache.keys().next().value!);
    return table;
  }

  private async fetch(root: string, level: GridLevel, distanceM: number): Promise<NeighbourTable> {
    const reply = await this.rpc.request<GridNeighbours.Reply>('grid-registry', GridNeighbours.subject, { root, level, distanceM } satisfies GridNeighbours.Request, {
      timeoutMs: this.env.HOTSPOT_NEIGHBOUR_TIMEOUT_MS,
      actor: SYSTEM_ACTOR,
    });
    const neighbours = reply.places.map(() => [] as number[]);
    for (const [i, j] of reply.pairs) {
      neighbours[i].push(j);
      neighbours[j].push(i);
    }
    return { places: reply.places, neighbours, distanceM: reply.distanceM };
  }
}
