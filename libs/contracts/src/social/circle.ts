import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { Page } from '../common/pagination';
import { toBool } from './common-dto';
import { SocialGridFilter } from './common-dto';
import { ServicePointType } from './labels';
import { rpcSubject } from '../common/rpc';
import { GRID_PATH_PATTERN, GeoPoint, IdRequest } from '../common/primitives';

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
    @IsString() @MinLength(1) @MaxLength(100) name: string;
    @IsEnum(ServicePointType) type: ServicePointType;
    @ValidateNested() @Type(() => GeoPoint) location: GeoPoint;
    @IsOptional() @IsString() @MaxLength(200) address?: string;
    @IsOptional() @IsUUID() gridId?: string;
    @IsOptional() @Matches(GRID_PATH_PATTERN, { message: 'gridPath must be an ltree path' }) gridPath?: string;
    @IsOptional() @IsString() @MaxLength(100) openingHours?: string;
    @IsOptional() @IsString() @MaxLength(30) phone?: string;
  }
  export type Reply = ServicePointView;
}

export namespace UpdateServicePoint {
  export const subject = rpcSubject<Request, Reply>('social.service_point.update');
  export class Request {
    @IsUUID() id: string;
    @IsOptional() @IsString() @MinLength(1) @MaxLength(100) name?: string;
    @IsOptional() @ValidateNested() @Type(() => GeoPoint) location?: GeoPoint;
    @IsOptional() @IsString() @MaxLength(100) openingHours?: string;
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
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(60) minutes?: number;
  @IsOptional() @Type(() => Number) @IsNumber({ maxDecimalPlaces: 3 }) @Min(0.3) @Max(3) speedMps?: number;
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
    @IsOptional() @Matches(GRID_PATH_PATTERN, { message: 'gridPath must be an ltree path' }) gridPath?: string;
    @IsOptional() @IsIn(['community', 'compound', 'building_cluster']) level?: 'community' | 'compound' | 'building_cluster';
    /** include fully covered grids too (for a coverage map) */
    @IsOptional() @Transform(toBool) @IsBoolean() all?: boolean;
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
  @Matches(GRID_PATH_PATTERN, { message: 'path must be an ltree path' }) path: string;
  @IsString() @MinLength(1) @MaxLength(100) name: string;
  @IsIn(['street', 'community', 'compound', 'building_cluster']) level: string;
  @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000) households: number;
  @IsOptional() @ValidateNested() @Type(() => GeoPoint) centroid?: GeoPoint;
}

export namespace UpsertCircleGrids {
  export const subject = rpcSubject<Request, Reply>('social.circle.grids.upsert');
  export class Request {
    @IsArray() @ArrayMaxSize(5000) @ValidateNested({ each: true }) @Type(() => CircleGridInput) grids: CircleGridInput[];
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
