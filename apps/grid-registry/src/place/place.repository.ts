import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { pointColumns } from '@grid122/persistence';

type Q = Pick<EntityManager, 'query'>;

export interface BuildingRow {
  id: string;
  grid_id: string;
  grid_path: string;
  name: string;
  kind: string;
  units: number;
  floors: number;
  households: number;
  lng: number;
  lat: number;
}
export interface OrganisationRow {
  id: string;
  grid_id: string;
  grid_path: string;
  building_id: string | null;
  kind: string;
  name: string;
  lng: number;
  lat: number;
}

const POINT = `ST_SetSRID(ST_MakePoint($1, $2), 4326)`;

@Injectable()
export class PlaceRepository {
  constructor(private readonly ds: DataSource) {}

  async buildings(scope: string, f: { gridId?: string; id?: string; limit: number }): Promise<BuildingRow[]> {
    return this.ds.query(
      `SELECT id, grid_id, grid_path::text AS grid_path, name, kind, units, floors, households, ${pointColumns('point')}
       FROM registry.buildings WHERE grid_path <@ $1::ltree AND ($2::uuid IS NULL OR grid_id = $2) AND ($3::uuid IS NULL OR id = $3)
       ORDER BY grid_path, name LIMIT $4`,
      [scope, f.gridId ?? null, f.id ?? null, f.limit],
    );
  }

  async organisations(scope: string, f: { gridId?: string; kind?: string; id?: string; limit: number }): Promise<OrganisationRow[]> {
    return this.ds.query(
      `SELECT id, grid_id, grid_path::text AS grid_path, building_id, kind, name, ${pointColumns('point')}
       FROM registry.organisations WHERE grid_path <@ $1::ltree AND ($2::uuid IS NULL OR grid_id = $2) AND ($3::text IS NULL OR kind = $3) AND ($4::uuid IS NULL OR id = $4)
       ORDER BY grid_path, name LIMIT $5`,
      [scope, f.gridId ?? null, f.kind ?? null, f.id ?? null, f.limit],
    );
  }

  /** Is the point inside (or on the edge of) the grid's polygon? */
  async pointInGrid(m: Q, lng: number, lat: number, gridId: string): Promise<boolean> {
    const rows = await m.query(`SELECT ST_Covers(polygon, ${POINT}) AS ok FROM registry.grids WHERE id = $3`, [lng, lat, gridId]);
    return rows[0]?.ok === true;
  }

  async buildingOnGrid(m: Q, id: string, gridId: string): Promise<boolean> {
    const rows = await m.query(`SELECT 1 FROM registry.buildings WHERE id = $1 AND grid_id = $2`, [id, gridId]);
    return rows.length > 0;
  }

  async insertBuilding(m: Q, b: { gridId: string; gridPath: string; name: string; kind: string; units: number; floors: number; households: number; lng: number; lat: number }): Promise<string> {
    const rows = await m.query(
      `INSERT INTO registry.buildings (grid_id, grid_path, name, kind, units, floors, households, point)
       VALUES ($3, $4::ltree, $5, $6, $7, $8, $9, ${POINT}) RETURNING id`,
      [b.lng, b.lat, b.gridId, b.gridPath, b.name, b.kind, b.units, b.floors, b.households],
    );
    return rows[0].id;
  }

  async insertOrganisation(m: Q, o: { gridId: string; gridPath: string; buildingId: string | null; kind: string; name: string; lng: number; lat: number }): Promise<string> {
    const rows = await m.query(
      `INSERT INTO registry.organisations (grid_id, grid_path, building_id, kind, name, point) VALUES ($3, $4::ltree, $5, $6, $7, ${POINT}) RETURNING id`,
      [o.lng, o.lat, o.gridId, o.gridPath, o.buildingId, o.kind, o.name],
    );
    return rows[0].id;
  }
}
