import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsIn, IsNumber, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { Page } from '../common/pagination';
import { SocialGridFilter } from './common-dto';
import { ServicePointType } from './labels';
import { rpcSubject } from '../common/rpc';
import { GeoPoint, IdRequest } from '../common/primitives';
import { Decimal, GeoPointField, LtreePath, NestedList, QueryBool, QueryInt, Text } from '../common/fields';

/** A service point of the 15-minute circle (shop, clinic, canteen, repair, barber…). */
export interface ServicePointView {
  id: string;
  name: string;
  type: ServicePointType;
  typeLabel: { zh: string; en: string };
  address: string | null;
  location: { lng: number; lat: number };
  gridId: string | null;
  gridPath: string | null;
  openingHours: string | null;
  phone: string | null;
  active: boolean;
  createdAt: string;
}

export namespace CreateServicePoint {
  export const subject = rpcSubject<Request, Reply>('social.service_point.create');
  export class Request {
    @Text(100, 1) name: string;
    @IsEnum(ServicePointType) type: ServicePointType;
    @GeoPointField() location: GeoPoint;
    @IsOptional() @Text(200) address?: string;
    @IsOptional() @IsUUID() gridId?: string;
    @IsOptional() @LtreePath() gridPath?: string;
    @IsOptional() @Text(100) openingHours?: string;
    @IsOptional() @Text(30) phone?: string;
  }
  export type Reply = ServicePointView;
}

export namespace UpdateServicePoint {
  export const subject = rpcSubject<Request, Reply>('social.service_point.update');
  export class Request {
    @IsUUID() id: string;
    @IsOptional() @Text(100, 1) name?: string;
    @IsOptional() @GeoPointField() location?: GeoPoint;
    @IsOptional() @Text(100) openingHours?: string;
    @IsOptional() @IsBoolean() active?: boolean;
  }
  export type Reply = ServicePointView;
}

export namespace ListServicePoints {
  export const subject = rpcSubject<Request, Reply>('social.service_point.list');
  export class Request extends SocialGridFilter {
    @IsOptional() @IsEnum(ServicePointType) type?: ServicePointType;
  }
  export type Reply = Page<ServicePointView>;
}

export namespace GetServicePoint {
  export const subject = rpcSubject<Request, Reply>('social.service_point.get');
  export class Request extends IdRequest {}
  export type Reply = ServicePointView;
}

/** Walking assumptions: minutes and speed (default 15 min at 1.2 m/s ≈ 1,080 m straight-line). */
export class CircleWalkParams {
  @IsOptional() @QueryInt(1, 60) minutes?: number;
  @IsOptional() @Decimal(3, 0.3, 3) speedMps?: number;
}

/** Which of the ten types lie within the walk of a grid (its centroid) or a point (a building). */
export namespace CircleAt {
  export const subject = rpcSubject<Request, Reply>('social.circle.at');
  export class Request extends CircleWalkParams {
    @IsOptional() @IsUUID() gridId?: string;
    @IsOptional() @Type(() => Number) @IsNumber() @Min(-180) @Max(180) lng?: number;
    @IsOptional() @Type(() => Number) @IsNumber() @Min(-90) @Max(90) lat?: number;
  }
  export interface Reply {
    origin: { lng: number; lat: number; gridId: string | null; gridPath: string | null };
    radiusM: number;
    minutes: number;
    speedMps: number;
    types: {
      type: ServicePointType;
      label: { zh: string; en: string };
      covered: boolean;
      nearest: { id: string; name: string; distanceM: number; walkMinutes: number } | null;
      within: number;
    }[];
    covered: number;
    missing: ServicePointType[];
  }
}

/** The gaps map: grids at a level lacking any of the ten types, as GeoJSON points (grid centroids). */
export namespace CircleGaps {
  export const subject = rpcSubject<Request, Reply>('social.circle.gaps');
  export class Request extends CircleWalkParams {
    @IsOptional() @LtreePath() gridPath?: string;
    @IsOptional() @IsIn(['community', 'compound', 'building_cluster']) level?: 'community' | 'compound' | 'building_cluster';
    /** include fully covered grids too (for a coverage map) */
    @IsOptional() @QueryBool() all?: boolean;
  }
  export interface GapProperties {
    gridId: string;
    gridPath: string;
    name: string;
    covered: ServicePointType[];
    missing: ServicePointType[];
    missingLabels: string[];
  }
  export interface Reply {
    type: 'FeatureCollection';
    features: { type: 'Feature'; geometry: { type: 'Point'; coordinates: [number, number] }; properties: GapProperties }[];
    summary: {
      radiusM: number;
      grids: number;
      fullyCovered: number;
      withGaps: number;
      coverageRate: number | null;
      gridsCoveredByType: Record<string, number>;
    };
  }
}

/** The circle's copy of the grid tree (id, path, households, centroid), so it keeps working when the registry is down. */
export class CircleGridInput {
  @IsUUID() id: string;
  @LtreePath() path: string;
  @Text(100, 1) name: string;
  @IsIn(['street', 'community', 'compound', 'building_cluster']) level: string;
  @QueryInt(0, 1_000_000) households: number;
  @IsOptional() @GeoPointField() centroid?: GeoPoint;
}

export namespace UpsertCircleGrids {
  export const subject = rpcSubject<Request, Reply>('social.circle.grids.upsert');
  export class Request {
    @NestedList(() => CircleGridInput, 5000) grids: CircleGridInput[];
  }
  export interface Reply {
    upserted: number;
  }
}

/** Pulls the grids in the caller's scope from the registry (`registry.grid.list`). */
export namespace SyncCircleGrids {
  export const subject = rpcSubject<Request, Reply>('social.circle.grids.sync');
  export class Request {}
  export interface Reply {
    synced: number;
  }
}
