import { IsEnum, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { ClusterKind, OrganisationKind } from './labels';
import { rpcSubject } from '../common/rpc';
import { GeoPoint } from '../common/primitives';
import { GeoPointField, QueryInt, Text } from '../common/fields';

/** Base data (人、地、物、情、事、组织) on level-3 grids: buildings (楼栋) and organisations. */
export interface BuildingView {
  id: string;
  gridId: string;
  gridPath: string;
  name: string;
  kind: ClusterKind;
  units: number;
  floors: number;
  households: number;
  point: { lng: number; lat: number };
}

export interface OrganisationView {
  id: string;
  gridId: string;
  gridPath: string;
  buildingId: string | null;
  kind: OrganisationKind;
  kindLabel: { zh: string; en: string };
  name: string;
  point: { lng: number; lat: number };
}

export namespace ListBuildings {
  export const subject = rpcSubject<Request, Reply>('registry.building.list');
  export class Request {
    @IsOptional() @IsUUID() gridId?: string;
    @IsOptional() @QueryInt(1, 1000) limit?: number;
  }
  export interface Reply {
    items: BuildingView[];
  }
}

export namespace CreateBuilding {
  export const subject = rpcSubject<Request, Reply>('registry.building.create');
  export class Request {
    @IsUUID() gridId: string;
    @Text(100, 1) name: string;
    @IsEnum(ClusterKind) kind: ClusterKind;
    @IsInt() @Min(0) @Max(100) units: number;
    @IsInt() @Min(1) @Max(200) floors: number;
    @IsInt() @Min(0) @Max(10_000) households: number;
    @GeoPointField() point: GeoPoint;
  }
  export type Reply = BuildingView;
}

export namespace ListOrganisations {
  export const subject = rpcSubject<Request, Reply>('registry.organisation.list');
  export class Request {
    @IsOptional() @IsUUID() gridId?: string;
    @IsOptional() @IsEnum(OrganisationKind) kind?: OrganisationKind;
    @IsOptional() @QueryInt(1, 1000) limit?: number;
  }
  export interface Reply {
    items: OrganisationView[];
  }
}

export namespace CreateOrganisation {
  export const subject = rpcSubject<Request, Reply>('registry.organisation.create');
  export class Request {
    @IsUUID() gridId: string;
    @IsOptional() @IsUUID() buildingId?: string;
    @IsEnum(OrganisationKind) kind: OrganisationKind;
    @Text(100, 1) name: string;
    @GeoPointField() point: GeoPoint;
  }
  export type Reply = OrganisationView;
}
