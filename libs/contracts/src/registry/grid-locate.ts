import { IsISO8601, IsOptional, IsUUID } from 'class-validator';
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
    @IsOptional()
    @IsISO8601()
    at?: string;
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
    @IsUUID()
    gridId: string;
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
