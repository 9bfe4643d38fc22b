import { ArrayMaxSize, IsArray, IsInt, IsISO8601, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { rpcSubject } from '../common/rpc';
import { GeoPoint } from '../common/primitives';

/** Grid levels (网格层级): above the street, and the three levels below it. */
export enum GridLevel {
  City = 'city',
  District = 'district',
  Street = 'street',
  Community = 'community', // 一级网格 L1
  Compound = 'compound', // 二级网格 L2
  BuildingCluster = 'building_cluster', // 三级网格 L3
}

export interface GridSummary {
  id: string;
  code: string;
  name: string;
  level: GridLevel;
  path: string;
  parentId: string | null;
}

/** `registry.grid.locate`: a WGS-84 point → the deepest grid containing it, with its ancestors. */
export namespace LocateGrid {
  export const subject = rpcSubject<Request, Reply>('registry.grid.locate');
  export class Request extends GeoPoint {
    /** Locate as of a moment in the grid history (ISO 8601, default now): old problems keep the grid of then. */
    @IsOptional() @IsISO8601() at?: string;
  }
  export interface Reply {
    grid: GridSummary;
    /** from the top (city) down to the grid's parent */
    ancestors: GridSummary[];
  }
}

/** `registry.grid.responsibles`: who answers for a grid — its head chain and linked departments. */
export namespace GridResponsibles {
  export const subject = rpcSubject<Request, Reply>('registry.grid.responsibles');
  export class Request {
    @IsUUID() gridId: string;
  }
  export interface Person {
    staffId: string;
    name: string;
    role: string;
    gridId: string;
    gridLevel: GridLevel;
    /** masked unless the caller may see it */
    phone: string | null;
    /** account id, when the person has a login */
    accountId: string | null;
  }
  export interface Department {
    departmentId: string;
    code: string;
    name: string;
    secondedStaff: { staffId: string; name: string; phone: string | null }[];
  }
  export interface Reply {
    grid: GridSummary;
    /** the grid's head and each ancestor grid's head, nearest first (L3 → L2 → L1) */
    heads: Person[];
    departments: Department[];
  }
}

/** One L3 grid's polygon (GeoJSON Polygon rings: [lng, lat] pairs, outer ring first), for an in-process locate. */
export interface GridPolygon {
  id: string;
  code: string;
  path: string;
  rings: [number, number][][];
}

/**
 * `registry.grid.polygons`: the L3 (三级网格) polygons, by id order, a page at a time (or the
 * given ids): what the office keeps in memory to locate a point without asking (falling back to
 * `registry.grid.locate` whenever its answer is not certain).
 */
export namespace ListGridPolygons {
  export const subject = rpcSubject<Request, Reply>('registry.grid.polygons');
  export const MAX_LIMIT = 5000;
  export class Request {
    @IsOptional() @IsUUID() afterId?: string;
    @IsOptional() @IsArray() @ArrayMaxSize(MAX_LIMIT) @IsUUID('all', { each: true }) ids?: string[];
    @IsInt() @Min(1) @Max(MAX_LIMIT) limit: number;
  }
  /**
   * A reply stays well under NATS's 1 MiB max_payload: the registry stops a page early once its
   * polygons reach this many bytes of GeoJSON (a city's 5,000 polygons are ~4 MB) and says `more`.
   */
  export const MAX_REPLY_BYTES = 512 * 1024;
  export interface Reply {
    items: GridPolygon[];
    /** Ids asked for that are no L3 grid now (deleted, or not L3). */
    missing?: string[];
    /**
     * The page stopped before `limit` (or before the ids asked for) to stay under
     * MAX_REPLY_BYTES, or filled `limit`: ask again after the last item (or for the ids neither
     * in `items` nor in `missing`).
     */
    more?: boolean;
  }
}
