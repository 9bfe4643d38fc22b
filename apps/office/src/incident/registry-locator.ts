import { Injectable } from '@nestjs/common';
import { AddressCandidate, CommonErrorCode, LocateGrid, SearchAddresses, SYSTEM_ACTOR } from '@grid122/contracts';
import { AppError, RpcClient } from '@grid122/messaging';
import { OfficeEnv } from '../config/office.env';
import { OfficeGridIndex } from './grid-index/office-grid-index';

export interface Place {
  gridId: string | null;
  gridPath: string;
  /** true when the registry located it, false when the caller's grid was taken. */
  located: boolean;
  /** Placed by its address (按地址定位): the registry's place and its point, which becomes the incident's location. */
  matched?: AddressCandidate;
}

/** An address looked up in the registry: the place when one candidate is clear, else the candidates to pick from. */
export interface AddressLookup {
  place: Place | null;
  normalised: string;
  candidates: AddressCandidate[];
}

/** Locates a point to its L3 grid through the grid registry (`registry.grid.locate`). */
@Injectable()
export class RegistryLocator {
  constructor(
    private readonly rpc: RpcClient,
    private readonly env: OfficeEnv,
    private readonly index: OfficeGridIndex,
  ) {}

  /**
   * The office's grid index answers first when it is certain (a point well inside one L3 polygon:
   * the registry's own answer, without the round trip); otherwise the registry's answer wins. When the registry is down the caller's grid is
   * taken (a grid worker's PDA knows its grid); without one, the 503 goes back to the caller.
   * A point on no grid stays the registry's 404 (REGISTRY_POINT_ON_NO_GRID).
   */
  async place(input: { location?: { lng: number; lat: number }; gridId?: string; gridPath?: string }): Promise<Place | null> {
    const given = input.gridPath ? { gridId: input.gridId ?? null, gridPath: input.gridPath, located: false } : null;
    if (!input.location) return given;
    const known = this.index.locate(input.location.lng, input.location.lat);
    if (known) return { gridId: known.id, gridPath: known.path, located: true };
    try {
      // Asked as the office itself (whole map): the office then checks the place against the
      // caller's scope and answers OFFICE_OUT_OF_SCOPE, clearer than the registry's 404.
      const reply = await this.rpc.request<LocateGrid.Reply>(
        'grid-registry',
        LocateGrid.subject,
        { lng: input.location.lng, lat: input.location.lat },
        { timeoutMs: this.env.OFFICE_LOCATE_TIMEOUT_MS, actor: SYSTEM_ACTOR },
      );
      return { gridId: reply.grid.id, gridPath: reply.grid.path, located: true };
    } catch (e) {
      const unavailable = e instanceof AppError && (e.code === CommonErrorCode.ServiceUnavailable || e.code === CommonErrorCode.ServiceTimeout);
      if (unavailable && given) return given;
      throw e;
    }
  }

  /**
   * A report with an address and neither a point nor a grid (a 12345 call): the registry's address
   * search within the caller's scope; its best candidate when it is clear (close to the address and
   * well ahead of its rivals). A registry that cannot answer is the caller's 503, as for a point.
   */
  async placeByAddress(address: string, scope: string): Promise<AddressLookup> {
    const reply = await this.rpc.request<SearchAddresses.Reply>(
      'grid-registry',
      SearchAddresses.subject,
      { q: address, ...(scope ? { root: scope } : {}), limit: 5 },
      { timeoutMs: this.env.OFFICE_LOCATE_TIMEOUT_MS, actor: SYSTEM_ACTOR },
    );
    const best = reply.clear ? reply.items[0] : undefined;
    return {
      place: best ? { gridId: best.gridId, gridPath: best.gridPath, located: true, matched: best } : null,
      normalised: reply.normalised,
      candidates: reply.items,
    };
  }
}
