import { Injectable } from '@nestjs/common';
import { CommonErrorCode, LocateGrid, SYSTEM_ACTOR } from '@grid122/contracts';
import { AppError, RpcClient } from '@grid122/messaging';
import { OfficeEnv } from '../config/office.env';

export interface Place {
  gridId: string | null;
  gridPath: string;
  /** true when the registry located it, false when the caller's grid was taken. */
  located: boolean;
}

/** Locates a point to its L3 grid through the grid registry (`registry.grid.locate`). */
@Injectable()
export class RegistryLocator {
  constructor(
    private readonly rpc: RpcClient,
    private readonly env: OfficeEnv,
  ) {}

  /**
   * The registry's answer wins when it has one. When the registry is down the caller's grid is
   * taken (a grid worker's PDA knows its grid); without one, the 503 goes back to the caller.
   * A point on no grid stays the registry's 404 (REGISTRY_POINT_ON_NO_GRID).
   */
  async place(input: { location?: { lng: number; lat: number }; gridId?: string; gridPath?: string }): Promise<Place | null> {
    const given = input.gridPath ? { gridId: input.gridId ?? null, gridPath: input.gridPath, located: false } : null;
    if (!input.location) return given;
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
}
