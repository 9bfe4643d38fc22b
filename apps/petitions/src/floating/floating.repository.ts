import { Injectable } from '@nestjs/common';
import { SqlParams } from '@grid122/persistence';
import { DataSource, EntityManager } from 'typeorm';

export interface FloatingRow {
  id: string;
  name: string;
  id_number: string | null;
  phone: string | null;
  building_id: string;
  grid_path: string;
  grid_id: string | null;
  origin: string | null;
  occupation: string | null;
  arrived_on: string;
  left_on: string | null;
  registered_by_name: string;
}

const SELECT = `SELECT f.id, f.name, f.id_number, f.phone, f.building_id, f.grid_path::text AS grid_path, f.grid_id, f.origin, f.occupation,
  to_char(f.arrived_on, 'YYYY-MM-DD') AS arrived_on, to_char(f.left_on, 'YYYY-MM-DD') AS left_on, f.registered_by_name FROM petitions.floating_people f`;

/** Every query on the floating-population register (流动人口), by building. */
@Injectable()
export class FloatingRepository {
  constructor(private readonly ds: DataSource) {}

  async insert(m: EntityManager, r: { name: string; idNumber: string | null; phone: string | null; hash: string | null; buildingId: string; gridPath: string; gridId: string | null; origin: string | null; occupation: string | null; arrivedOn: string; byId: string; byName: string }): Promise<string> {
    const [{ id }] = await m.query(
      `INSERT INTO petitions.floating_people (name, id_number, phone, person_hash, building_id, grid_path, grid_id, origin, occupation, arrived_on, registered_by_id, registered_by_name)
       VALUES ($1,$2,$3,$4,$5,$6::ltree,$7,$8,$9,$10::date,$11,$12) RETURNING id`,
      [r.name, r.idNumber, r.phone, r.hash, r.buildingId, r.gridPath, r.gridId, r.origin, r.occupation, r.arrivedOn, r.byId, r.byName],
    );
    return id;
  }

  async get(id: string, m: EntityManager = this.ds.manager, lock = false): Promise<FloatingRow | null> {
    const rows = await m.query(`${SELECT} WHERE f.id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return rows[0] ?? null;
  }

  async leave(m: EntityManager, id: string, leftOn: string): Promise<void> {
    await m.query(`UPDATE petitions.floating_people SET left_on = $2::date WHERE id = $1`, [id, leftOn]);
  }

  async list(f: { scope: string; buildingId?: string; present: boolean; limit: number; offset: number }): Promise<{ rows: FloatingRow[]; total: number; present: number }> {
    const q = new SqlParams();
    if (f.scope) q.under('f.grid_path', f.scope);
    if (f.buildingId) q.and(`f.building_id = ${q.p(f.buildingId)}`);
    const w = f.present ? q.where('f.left_on IS NULL') : q.where();
    const [page, params] = q.page(f.limit, f.offset);
    const rows = await this.ds.query(`${SELECT} ${w} ORDER BY f.arrived_on DESC, f.id ${page}`, params);
    const [{ n, present }] = await this.ds.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE f.left_on IS NULL)::int AS present FROM petitions.floating_people f ${q.where()}`,
      q.params,
    );
    return { rows, total: f.present ? present : n, present };
  }

  all(scope: string): Promise<FloatingRow[]> {
    return this.ds.query(`${SELECT} WHERE f.left_on IS NULL AND ($1 = '' OR f.grid_path <@ NULLIF($1, '')::ltree) ORDER BY f.grid_path, f.building_id, f.arrived_on`, [scope]);
  }
}
