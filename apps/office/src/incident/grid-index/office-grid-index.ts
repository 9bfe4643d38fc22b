import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { JSONCodec } from 'nats';
import { DomainEvent, EVENT_STREAM, EVENT_SUBJECT_PREFIX, GridChangedData, GridLevel, ListGridPolygons, RegistryEvents, SYSTEM_ACTOR } from '@grid122/contracts';
import { JetStreamConsumer, NatsHolder, RpcClient } from '@grid122/messaging';
import { GridIndex } from './grid-index';

const PAGE = 5000;
const codec = JSONCodec<DomainEvent<GridChangedData>>();

/**
 * The office's own copy of the L3 polygons (GridIndex), so an intake locates its point in process
 * instead of a round trip to the registry: loaded at start from `registry.grid.polygons`, kept by
 * the registry's grid events (an ordered, ephemeral reader of `evt.registry.grid.>` on the shared
 * JetStreamConsumer, one per process — every replica sees every event). An L3 grid created, reshaped or renamed is
 * fetched again; a move, an import or a change above L3 reloads the whole index. Until it is
 * loaded, and while a change is being fetched, it answers nothing: the registry is asked, as it is
 * whenever the index is not certain (RegistryLocator).
 */
@Injectable()
export class OfficeGridIndex implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OfficeGridIndex.name);
  private readonly index = new GridIndex();
  private ready = false;
  private pending = 0;
  private stopped = false;
  private stopConsumer?: () => void;

  constructor(
    private readonly nats: NatsHolder,
    private readonly rpc: RpcClient,
  ) {}

  /** The L3 grid of the point when the index is loaded, current and certain; else null (ask the registry). */
  locate(lng: number, lat: number): { id: string; path: string } | null {
    if (!this.ready || this.pending > 0) return null;
    return this.index.locate(lng, lat);
  }

  get size(): number {
    return this.ready ? this.index.size : 0;
  }

  onApplicationBootstrap(): void {
    void this.run();
  }

  onModuleDestroy(): void {
    this.stopped = true;
    this.stopConsumer?.();
  }

  /** Follows the grid events (from now), loads every polygon, then applies what came meanwhile; again after a failure. */
  private async run(): Promise<void> {
    for (let failures = 0; !this.stopped; ) {
      try {
        const nc = await this.connected();
        if (!nc) return;
        let failed: unknown;
        // The load starts once the reader is in place (no event between the two is missed).
        let begin!: () => void;
        const loading = new Promise<void>((r) => (begin = r)).then(() => this.reload());
        const reader: JetStreamConsumer = new JetStreamConsumer(
          () => nc,
          { name: 'office-grid-index', stream: EVENT_STREAM, filter: `${EVENT_SUBJECT_PREFIX}registry.grid.>`, deliver: 'new' },
          {
            one: async (m) => {
              try {
                await loading;
                await this.apply(codec.decode(m.data));
                failures = 0;
              } catch (e) {
                // A load or a change that fails ends the reader: the loop starts again (a full reload) after a pause.
                failed ??= e;
                void reader.stop();
              }
            },
          },
        );
        await reader.start();
        this.stopConsumer = () => void reader.stop();
        this.pending++;
        void loading.finally(() => this.pending--).catch(() => undefined);
        begin();
        loading.catch((e) => {
          failed ??= e;
          void reader.stop();
        });
        await reader.done();
        await loading;
        if (failed) throw failed;
        if (!this.stopped) throw new Error('the grid events stopped');
      } catch (e) {
        this.ready = false;
        if (!this.stopped && failures++ === 0) this.logger.warn(`grid index: ${(e as Error).message}; the registry locates until it is reloaded`);
      }
      // again in 2 s, then less often while the registry stays away (at most every 30 s)
      if (!this.stopped) await new Promise((r) => setTimeout(r, Math.min(30_000, 2000 * 2 ** Math.min(failures, 4))));
    }
  }

  private async connected() {
    for (let i = 0; !this.stopped; i++) {
      try {
        return this.nats.get();
      } catch {
        await new Promise((r) => setTimeout(r, Math.min(2000, 100 * (i + 1))));
      }
    }
    return null;
  }

  private async apply(event: DomainEvent<GridChangedData>): Promise<void> {
    const d = event.data;
    const one = (event.type === RegistryEvents.GridCreated || event.type === RegistryEvents.GridChanged) && d?.level === GridLevel.BuildingCluster && d.change !== 'moved';
    this.pending++;
    try {
      if (one) await this.refetch([d.gridId]);
      else await this.reload();
    } finally {
      this.pending--;
    }
  }

  private async refetch(ids: string[]): Promise<void> {
    let rest = ids;
    while (rest.length) {
      const ask = rest.slice(0, PAGE);
      const reply = await this.polygons({ ids: ask, limit: ask.length });
      for (const g of reply.items) this.index.put(g);
      for (const id of reply.missing ?? []) this.index.remove(id);
      // A reply cut short by its byte budget leaves some ids for another request.
      const done = new Set([...reply.items.map((g) => g.id), ...(reply.missing ?? [])]);
      if (done.size === 0) throw new Error('registry.grid.polygons answered none of the ids asked for');
      rest = rest.filter((id) => !done.has(id));
    }
  }

  private async reload(): Promise<void> {
    this.ready = false;
    this.index.clear();
    let afterId: string | undefined;
    for (;;) {
      const { items, more } = await this.polygons({ afterId, limit: PAGE });
      for (const g of items) this.index.put(g);
      // A page is cut short to stay under NATS's max_payload (a city's polygons): `more` says so.
      if (!(more ?? items.length === PAGE) || items.length === 0) break;
      afterId = items[items.length - 1].id;
    }
    this.ready = true;
    this.logger.log(`grid index: ${this.index.size} L3 polygons in memory`);
  }

  private polygons(req: ListGridPolygons.Request): Promise<ListGridPolygons.Reply> {
    return this.rpc.request<ListGridPolygons.Reply>('grid-registry', ListGridPolygons.subject, req, { timeoutMs: 30_000, actor: SYSTEM_ACTOR });
  }
}
