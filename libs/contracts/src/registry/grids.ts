import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, Equals, IsArray, IsEnum, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Page } from '../common/pagination';
import { GridLevel, GridSummary } from './grid-locate';
import { ClusterKind, GridClass, GridGrade, GridLevelNo } from './labels';
import { rpcSubject } from '../common/rpc';
import { IdRequest } from '../common/primitives';
import { Nested, QueryBool, QueryInt, Text } from '../common/fields';

/** A GeoJSON Polygon (WGS-84 [lng, lat]); checked in the service with PostGIS ST_IsValid. */
export class GeoJsonPolygon {
  @Equals('Polygon') type: 'Polygon';
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) coordinates: number[][][];
}

/** A grid as the API shows it. */
export interface GridView extends GridSummary {
  levelNo: GridLevelNo | null;
  levelLabel: { zh: string; en: string };
  households: number;
  buildings: number;
  shopfronts: number;
  gridClass: GridClass | null;
  grade: GridGrade | null;
  mergeReason: string | null;
  clusterKind: ClusterKind | null;
  /** current version number; each move or re-shape adds one */
  version: number;
  validFrom: string;
  areaKm2: number;
  /** centroid [lng, lat] */
  centroid: [number, number];
  updatedAt: string;
}

export interface GridDetail extends GridView {
  polygon: { type: 'Polygon'; coordinates: number[][][] };
  children: number;
  head: { staffId: string; name: string } | null;
}

/** `registry.grid.list`: grids in the caller's scope, filtered, ordered by path, keyset-paged. */
export namespace ListGrids {
  export const subject = rpcSubject<Request, Reply>('registry.grid.list');
  export class Request {
    @IsOptional() @IsUUID() parent?: string;
    /** Only this subtree (a grid id). */
    @IsOptional() @IsUUID() root?: string;
    @IsOptional() @IsEnum(GridLevel) level?: GridLevel;
    /** 甲/乙/丙 as jia/yi/bing for level 1, or grade A/B/C for level 2. */
    @IsOptional() @IsIn([...Object.values(GridClass), ...Object.values(GridGrade)]) class?: string;
    @IsOptional() @Text(50) q?: string;
    @IsOptional() @QueryInt(1, 500) limit?: number;
    @IsOptional() @Text(400) cursor?: string;
  }
  export type Reply = Page<GridView>;
}

export namespace GetGrid {
  export const subject = rpcSubject<Request, Reply>('registry.grid.get');
  export class Request extends IdRequest {}
  export type Reply = GridDetail;
}

export namespace CreateGrid {
  export const subject = rpcSubject<Request, Reply>('registry.grid.create');
  export class Request {
    @IsUUID() parentId: string;
    @IsEnum(GridLevel) level: GridLevel;
    @Text(100, 1) name: string;
    /** 15 digits; generated under the parent's code when absent. */
    @IsOptional() @Matches(/^\d{15}$/, { message: 'code must be 15 digits (district 6 + street 3 + community 3 + grid 3)' }) code?: string;
    /** ltree label of this grid under its parent ([a-z0-9_]); generated (c01, g2_01, g3_01) when absent. */
    @IsOptional() @Matches(/^[a-z0-9_]{1,40}$/, { message: 'label must be lowercase letters, digits or _' }) label?: string;
    @Nested(() => GeoJsonPolygon) polygon: GeoJsonPolygon;
    @IsOptional() @IsInt() @Min(0) @Max(1_000_000) households?: number;
    @IsOptional() @IsInt() @Min(0) @Max(100_000) buildings?: number;
    @IsOptional() @IsInt() @Min(0) @Max(100_000) shopfronts?: number;
    @IsOptional() @IsEnum(GridClass) gridClass?: GridClass;
    @IsOptional() @IsEnum(GridGrade) grade?: GridGrade;
    @IsOptional() @Text(500, 4) mergeReason?: string;
    @IsOptional() @IsEnum(ClusterKind) clusterKind?: ClusterKind;
  }
  export type Reply = GridDetail;
}

/** Re-shaping (polygon), moving (parentId) or renaming closes the current version and opens a new one. */
export namespace UpdateGrid {
  export const subject = rpcSubject<Request, Reply>('registry.grid.update');
  export class Request {
    @IsUUID() id: string;
    @IsOptional() @IsUUID() parentId?: string;
    @IsOptional() @Text(100, 1) name?: string;
    @IsOptional() @Nested(() => GeoJsonPolygon) polygon?: GeoJsonPolygon;
    @IsOptional() @IsInt() @Min(0) @Max(1_000_000) households?: number;
    @IsOptional() @IsInt() @Min(0) @Max(100_000) buildings?: number;
    @IsOptional() @IsInt() @Min(0) @Max(100_000) shopfronts?: number;
    @IsOptional() @IsEnum(GridClass) gridClass?: GridClass;
    @IsOptional() @IsEnum(GridGrade) grade?: GridGrade;
    @IsOptional() @Text(500) mergeReason?: string;
    @IsOptional() @IsEnum(ClusterKind) clusterKind?: ClusterKind;
  }
  export type Reply = GridDetail;
}

/** One version of a grid (valid_from / valid_to). */
export interface GridVersionView {
  version: number;
  name: string;
  path: string;
  parentId: string | null;
  change: string;
  validFrom: string;
  validTo: string | null;
  polygon: { type: 'Polygon'; coordinates: number[][][] };
}
export namespace GridHistory {
  export const subject = rpcSubject<Request, Reply>('registry.grid.history');
  export class Request extends IdRequest {}
  export interface Reply {
    gridId: string;
    versions: GridVersionView[];
  }
}

export interface GeoJsonFeature<P = Record<string, unknown>> {
  type: 'Feature';
  id?: string | number;
  geometry: { type: string; coordinates: unknown };
  properties: P;
}
export interface GeoJsonFeatureCollection<P = Record<string, unknown>> {
  type: 'FeatureCollection';
  features: GeoJsonFeature<P>[];
}

/** What each feature of the GeoJSON export carries (the registry builds it in SQL: grid.repository geojson). */
export type GridFeatureProperties = Pick<
  GridView,
  'id' | 'code' | 'name' | 'level' | 'path' | 'households' | 'buildings' | 'shopfronts' | 'gridClass' | 'grade' | 'mergeReason' | 'clusterKind' | 'version' | 'validFrom'
> & { parentCode: string | null };

/** `registry.grid.geojson`: the subtree under `root` (default: the caller's scope) as a FeatureCollection. */
export namespace ExportGridsGeoJson {
  export const subject = rpcSubject<Request, Reply>('registry.grid.geojson');
  export const MAX_FEATURES = 5000;
  export class Request {
    @IsOptional() @IsUUID() root?: string;
    @IsOptional() @IsEnum(GridLevel) level?: GridLevel;
  }
  export type Reply = GeoJsonFeatureCollection<GridFeatureProperties>;
}

export class ImportFeature {
  @Equals('Feature') type: 'Feature';
  @IsOptional() id?: string | number;
  @IsOptional() @IsArray() bbox?: number[];
  /** checked per feature in the service, so the error names the feature */
  @IsObject() geometry: Record<string, unknown>;
  /** code, name, level, parentCode, label?, households?, buildings?, shopfronts?, gridClass?, grade?, mergeReason? */
  @IsObject() properties: Record<string, unknown>;
}

/**
 * `registry.grid.import`: a GeoJSON FeatureCollection of grids, upserted by code (a known code is
 * re-shaped and keeps history). All or nothing: one bad feature rejects the whole file.
 */
export namespace ImportGrids {
  export const subject = rpcSubject<Request, Reply>('registry.grid.import');
  export const MAX_FEATURES = 2000;
  export class Request {
    @Equals('FeatureCollection') type: 'FeatureCollection';
    @IsOptional() @IsString() name?: string;
    @IsOptional() @IsObject() crs?: Record<string, unknown>;
    @IsOptional() @IsArray() bbox?: number[];
    @IsArray() @ArrayMinSize(1) @ArrayMaxSize(2000) @ValidateNested({ each: true }) @Type(() => ImportFeature) features: ImportFeature[];
    /** Check everything and report, but write nothing. */
    @IsOptional() @QueryBool() dryRun?: boolean;
  }
  export interface FeatureProblem {
    /** 0-based index in `features` */
    index: number;
    code: string | null;
    field: string;
    reason: string;
  }
  export interface Reply {
    created: number;
    reshaped: number;
    unchanged: number;
    dryRun: boolean;
    codes: string[];
  }
}

/** `registry.grid.gaps`: level 1-3 grids in scope without a current head (网格长空缺). */
export namespace GridGaps {
  export const subject = rpcSubject<Request, Reply>('registry.grid.gaps');
  export class Request {
    @IsOptional() @IsUUID() root?: string;
  }
  export interface Reply {
    /** grids without a current head */
    total: number;
    byLevel: Record<'community' | 'compound' | 'building_cluster', number>;
    grids: GridSummary[];
    /** every post of each level (REQUIRED_POSTS): the grids with one unfilled, counted per level and post */
    posts: {
      required: Record<'community' | 'compound' | 'building_cluster', { key: string; zh: string; en: string }[]>;
      total: number;
      byLevel: Record<'community' | 'compound' | 'building_cluster', Record<string, number>>;
      grids: (GridSummary & { missing: { key: string; zh: string; en: string }[] })[];
    };
  }
}

/** One row of the grid ledger (网格台账), exported as CSV or XLSX by the gateway. */
export interface GridLedgerRow {
  code: string;
  name: string;
  level: GridLevel;
  levelLabel: string;
  path: string;
  parentCode: string | null;
  gridClass: string | null;
  grade: string | null;
  households: number;
  buildings: number;
  shopfronts: number;
  mergeReason: string | null;
  areaKm2: number;
  headName: string | null;
  staffCount: number;
  departmentCount: number;
  partyOrganisation: string | null;
}
export namespace GridLedger {
  export const subject = rpcSubject<Request, Reply>('registry.grid.ledger');
  export const MAX_ROWS = 25_000;
  export class Request {
    @IsOptional() @IsUUID() root?: string;
    /** csv: RFC 4180 with a UTF-8 BOM (Excel opens the Chinese text); xlsx: a workbook. */
    @IsIn(['csv', 'xlsx']) format: 'csv' | 'xlsx';
  }
  /** The ledger (网格台账) as a file, built by the registry that owns the rows. */
  export interface Reply {
    generatedAt: string;
    rows: number;
    base64: string;
  }
}
