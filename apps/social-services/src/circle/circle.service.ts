import { Injectable, Logger } from '@nestjs/common';
import {
  Actor, CircleAt, CircleGaps, CreateServicePoint, ListGrids, ListServicePoints, SERVICE_POINT_TYPE_LABELS, SERVICE_POINT_TYPES, ServicePointType,
  ServicePointView, SocialErrorCode, SyncCircleGrids, UpdateServicePoint, UpsertCircleGrids,
} from '@grid122/contracts';
import { AppError, RpcClient } from '@grid122/messaging';
import { isWithinScope } from '@grid122/access';
import { decodeCursor, keysetPage, rowPoint } from '@grid122/persistence';
import { SocialServicesEnv } from '../config/social-services.env';
import { iso } from '../shared/rows';
import { requireInScope, requireManage, requireRead } from '../shared/social-policy';
import { CircleRepository, ServicePointRow } from './circle.repository';

/** The 15-minute service circle (15分钟便民服务圈, "15/10": ten everyday services within 15 minutes' walk). */
@Injectable()
export class CircleService {
  private readonly logger = new Logger(CircleService.name);

  constructor(
    private readonly repo: CircleRepository,
    private readonly env: SocialServicesEnv,
    private readonly rpc: RpcClient,
  ) {}

  /** Straight-line walking distance: minutes × 60 × speed (default 15 × 60 × 1.2 = 1,080 m). */
  walk(req: { minutes?: number; speedMps?: number }): { minutes: number; speedMps: number; radiusM: number } {
    const minutes = req.minutes ?? this.env.SOCIAL_CIRCLE_MINUTES;
    const speedMps = req.speedMps ?? this.env.SOCIAL_WALK_SPEED_MPS;
    return { minutes, speedMps, radiusM: Math.round(minutes * 60 * speedMps) };
  }

  private view(p: ServicePointRow): ServicePointView {
    return {
      id: p.id, name: p.name, type: p.type as ServicePointType, typeLabel: SERVICE_POINT_TYPE_LABELS[p.type as ServicePointType], address: p.address,
      location: rowPoint(p.lng, p.lat), gridId: p.grid_id, gridPath: p.grid_path, openingHours: p.opening_hours, phone: p.phone, active: p.active, createdAt: iso(p.created_at)!,
    };
  }

  async create(actor: Actor, req: CreateServicePoint.Request): Promise<ServicePointView> {
    requireManage(actor);
    if (req.gridPath) requireInScope(actor, req.gridPath);
    const id = await this.repo.insertPoint({ ...req, lng: req.location.lng, lat: req.location.lat });
    return this.view((await this.repo.point(id))!);
  }

  private async visiblePoint(id: string, actor: Actor): Promise<ServicePointRow> {
    const p = await this.repo.point(id);
    if (!p || (p.grid_path && !isWithinScope(p.grid_path, actor.scope))) throw new AppError(SocialErrorCode.ServicePointNotFound, `Service point ${id} not found`, { id });
    return p;
  }

  async update(actor: Actor, req: UpdateServicePoint.Request): Promise<ServicePointView> {
    requireManage(actor);
    await this.visiblePoint(req.id, actor);
    await this.repo.updatePoint(req.id, { name: req.name, lng: req.location?.lng, lat: req.location?.lat, openingHours: req.openingHours, active: req.active });
    return this.view((await this.repo.point(req.id))!);
  }

  async get(actor: Actor, id: string): Promise<ServicePointView> {
    requireRead(actor);
    return this.view(await this.visiblePoint(id, actor));
  }

  async list(actor: Actor, req: ListServicePoints.Request) {
    requireRead(actor);
    const limit = req.limit ?? 50;
    const rows = await this.repo.points(actor, req, req.cursor ? decodeCursor(req.cursor, ['time', 'uuid']) : null, limit + 1);
    return keysetPage(rows, limit, (p) => this.view(p), (p) => [p.ck, p.id]);
  }

  async at(actor: Actor, req: CircleAt.Request): Promise<CircleAt.Reply> {
    requireRead(actor);
    const w = this.walk(req);
    let origin: CircleAt.Reply['origin'];
    if (req.gridId) {
      const g = await this.repo.grid(req.gridId);
      if (!g || !isWithinScope(g.path, actor.scope)) throw new AppError(SocialErrorCode.GridNotKnown, `Grid ${req.gridId} is not known to the service circle`, { gridId: req.gridId });
      if (g.lng === null || g.lat === null) throw new AppError(SocialErrorCode.GridNotKnown, `Grid ${req.gridId} has no centroid`, { gridId: req.gridId });
      origin = { ...rowPoint(g.lng, g.lat), gridId: g.id, gridPath: g.path };
    } else if (req.lng !== undefined && req.lat !== undefined) {
      origin = { lng: req.lng, lat: req.lat, gridId: null, gridPath: null };
    } else {
      throw AppError.validation([{ field: 'gridId', messages: ['give gridId, or lng and lat of a building'] }]);
    }
    const rows = await this.repo.within(origin.lng, origin.lat, w.radiusM);
    const byType = new Map(rows.map((r) => [r.type, r]));
    const types = SERVICE_POINT_TYPES.map((type) => {
      const r = byType.get(type);
      return {
        type,
        label: SERVICE_POINT_TYPE_LABELS[type],
        covered: !!r,
        nearest: r ? { id: r.id, name: r.name, distanceM: Math.round(Number(r.distance)), walkMinutes: Math.round((Number(r.distance) / w.speedMps / 60) * 10) / 10 } : null,
        within: r ? r.n : 0,
      };
    });
    return { origin, radiusM: w.radiusM, minutes: w.minutes, speedMps: w.speedMps, types, covered: types.filter((t) => t.covered).length, missing: types.filter((t) => !t.covered).map((t) => t.type) };
  }

  async gaps(actor: Actor, req: CircleGaps.Request): Promise<CircleGaps.Reply> {
    requireRead(actor);
    const w = this.walk(req);
    const rows = await this.repo.coverage(actor, req.gridPath, req.level ?? 'building_cluster', w.radiusM);
    const gridsCoveredByType: Record<string, number> = Object.fromEntries(SERVICE_POINT_TYPES.map((t) => [t, 0]));
    const features: CircleGaps.Reply['features'] = [];
    let fully = 0;
    for (const g of rows) {
      const covered = SERVICE_POINT_TYPES.filter((t) => g.covered.includes(t));
      const missing = SERVICE_POINT_TYPES.filter((t) => !g.covered.includes(t));
      for (const t of covered) gridsCoveredByType[t]++;
      if (missing.length === 0) fully++;
      if (missing.length > 0 || req.all) {
        features.push({
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [Number(g.lng), Number(g.lat)] },
          properties: { gridId: g.id, gridPath: g.path, name: g.name, covered, missing, missingLabels: missing.map((t) => SERVICE_POINT_TYPE_LABELS[t].zh) },
        });
      }
    }
    return {
      type: 'FeatureCollection',
      features,
      summary: {
        radiusM: w.radiusM, grids: rows.length, fullyCovered: fully, withGaps: rows.length - fully,
        coverageRate: rows.length ? Math.round((fully / rows.length) * 10000) / 100 : null, gridsCoveredByType,
      },
    };
  }

  async upsertGrids(actor: Actor, req: UpsertCircleGrids.Request): Promise<UpsertCircleGrids.Reply> {
    requireManage(actor);
    for (const g of req.grids) requireInScope(actor, g.path);
    return { upserted: await this.repo.upsertGrids(req.grids) };
  }

  /** Copies the grid tree in the caller's scope from the registry; the copy keeps the circle working when the registry is down. */
  async sync(actor: Actor, _req: SyncCircleGrids.Request): Promise<SyncCircleGrids.Reply> {
    requireManage(actor);
    let cursor: string | undefined;
    let synced = 0;
    try {
      do {
        const page = await this.rpc.request<ListGrids.Reply>('grid-registry', ListGrids.subject, { limit: 500, ...(cursor ? { cursor } : {}) }, { actor });
        const grids = page.items
          .filter((g) => ['street', 'community', 'compound', 'building_cluster'].includes(g.level))
          .map((g) => ({ id: g.id, path: g.path, name: g.name, level: g.level, households: g.households, centroid: g.centroid ? { lng: g.centroid[0], lat: g.centroid[1] } : undefined }));
        synced += await this.repo.upsertGrids(grids);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    } catch (e) {
      const code = (e as AppError).code;
      if (code === 'SERVICE_UNAVAILABLE' || code === 'SERVICE_TIMEOUT') {
        this.logger.warn(`grid sync: registry unavailable after ${synced} grids`);
        throw new AppError(SocialErrorCode.RegistryUnavailable, 'The grid registry cannot be reached; the circle keeps using its last copy', { synced });
      }
      throw e;
    }
    return { synced };
  }
}
