import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { narrowScope } from '@grid122/access';
import { Actor, CircleGridInput, ListServicePoints } from '@grid122/contracts';
import { pointColumns, SqlParams } from '@grid122/persistence';
import { DataSource } from 'typeorm';

export interface ServicePointRow {
  id: string;
  ck: string;
  name: string;
  type: string;
  address: string | null;
  lng: number;
  lat: number;
  grid_id: string | null;
  grid_path: string | null;
  opening_hours: string | null;
  phone: string | null;
  active: boolean;
  created_at: Date;
}

const SELECT_POINT = `SELECT p.*, p.created_at::text AS ck, p.grid_path::text AS grid_path, ${pointColumns('p.location::geometry')} FROM social.service_points p`;

/** Service points and the 15-minute circle: ST_DWithin on geography, served by the GiST index on location. */
@Injectable()
export class CircleRepository {
  constructor(@InjectDataSource() readonly ds: DataSource) {}

  async insertPoint(p: { name: string; type: string; lng: number; lat: number; address?: string; gridId?: string; gridPath?: string | null; openingHours?: string; phone?: string }): Promise<string> {
    const rows = await this.ds.query(
      `INSERT INTO social.service_points (name, type, location, address, grid_id, grid_path, opening_hours, phone)
       VALUES ($1, $2, ST_SetSRID(ST_MakePoint($3, $4), 4326)::geography, $5, $6, $7::ltree, $8, $9) RETURNING id`,
      [p.name, p.type, p.lng, p.lat, p.address ?? null, p.gridId ?? null, p.gridPath ?? null, p.openingHours ?? null, p.phone ?? null],
    );
    return rows[0].id;
  }

  async updatePoint(id: string, set: { name?: string; lng?: number; lat?: number; openingHours?: string; active?: boolean }): Promise<void> {
    const q = new SqlParams();
    const cols: string[] = [];
    if (set.name !== undefined) cols.push(`name = ${q.p(set.name)}`);
    if (set.lng !== undefined && set.lat !== undefined) cols.push(`location = ST_SetSRID(ST_MakePoint(${q.p(set.lng)}, ${q.p(set.lat)}), 4326)::geography`);
    if (set.openingHours !== undefined) cols.push(`opening_hours = ${q.p(set.openingHours)}`);
    if (set.active !== undefined) cols.push(`active = ${q.p(set.active)}`);
    if (cols.length) await this.ds.query(`UPDATE social.service_points SET ${cols.join(', ')}, updated_at = now() WHERE id = ${q.p(id)}`, q.params);
  }

  async point(id: string): Promise<ServicePointRow | undefined> {
    return (await this.ds.query(`${SELECT_POINT} WHERE p.id = $1`, [id]))[0];
  }

  /**
   * Newest first after a keyset cursor (created_at text, id); `limit` rows. Points without a grid
   * path (just off the street's edge) are public places: listed to every reader; the others within
   * the narrower of the scope and the asked grid (none when the two do not meet).
   */
  points(actor: Actor, f: ListServicePoints.Request, after: readonly string[] | null, limit: number): Promise<ServicePointRow[]> {
    const q = new SqlParams();
    const s = narrowScope(actor.scope, f.gridPath);
    if (s !== '') q.and(s === null ? 'p.grid_path IS NULL' : `(p.grid_path IS NULL OR p.grid_path <@ ${q.p(s)}::ltree)`);
    if (f.type) q.and(`p.type = ${q.p(f.type)}`);
    const page = q.keysetDesc([['p.created_at', 'timestamptz'], ['p.id', 'uuid']], after, limit);
    return this.ds.query(`${SELECT_POINT} ${q.where()} ${page}`, q.params);
  }

  async grid(id: string): Promise<{ id: string; path: string; lng: number | null; lat: number | null } | undefined> {
    return (await this.ds.query(`SELECT id, path::text AS path, ${pointColumns('centroid::geometry')} FROM social.grids WHERE id = $1`, [id]))[0];
  }

  /** The grid (deepest first) whose path is known for a point, by nearest centroid within the radius; used to tag service points. */
  async upsertGrids(grids: CircleGridInput[]): Promise<number> {
    if (grids.length === 0) return 0;
    await this.ds.query(
      `INSERT INTO social.grids (id, path, name, level, households, centroid, updated_at)
       SELECT g.id, g.path::ltree, g.name, g.level, g.households,
              CASE WHEN g.lng IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(g.lng, g.lat), 4326)::geography END, now()
         FROM jsonb_to_recordset($1::jsonb) AS g(id uuid, path text, name text, level text, households int, lng float8, lat float8)
       ON CONFLICT (id) DO UPDATE SET path = EXCLUDED.path, name = EXCLUDED.name, level = EXCLUDED.level, households = EXCLUDED.households,
              centroid = COALESCE(EXCLUDED.centroid, social.grids.centroid), updated_at = now()`,
      [JSON.stringify(grids.map((g) => ({ id: g.id, path: g.path, name: g.name, level: g.level, households: g.households, lng: g.centroid?.lng ?? null, lat: g.centroid?.lat ?? null })))],
    );
    return grids.length;
  }

  /** For one point: per type, how many points lie within the radius and the nearest one. */
  within(lng: number, lat: number, radiusM: number): Promise<{ type: string; n: number; id: string; name: string; distance: number }[]> {
    return this.ds.query(
      `WITH o AS (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography AS g)
       SELECT DISTINCT ON (p.type) p.type, count(*) OVER (PARTITION BY p.type)::int AS n, p.id, p.name, ST_Distance(p.location, o.g) AS distance
         FROM social.service_points p, o
        WHERE p.active AND ST_DWithin(p.location, o.g, $3)
        ORDER BY p.type, ST_Distance(p.location, o.g)`,
      [lng, lat, radiusM],
    );
  }

  /** Each grid of a level in scope with the types within the radius of its centroid (one GiST probe per grid). */
  coverage(actor: Actor, gridPath: string | undefined, level: string, radiusM: number): Promise<{ id: string; path: string; name: string; lng: number; lat: number; covered: string[] }[]> {
    const q = new SqlParams().under('g.path', narrowScope(actor.scope, gridPath));
    q.and(`g.level = ${q.p(level)}`).and('g.centroid IS NOT NULL');
    const r = q.p(radiusM);
    return this.ds.query(
      `SELECT g.id, g.path::text AS path, g.name, ${pointColumns('g.centroid::geometry')},
              COALESCE(array_agg(DISTINCT p.type) FILTER (WHERE p.id IS NOT NULL), '{}') AS covered
         FROM social.grids g
         LEFT JOIN social.service_points p ON p.active AND ST_DWithin(p.location, g.centroid, ${r})
         ${q.where()}
        GROUP BY g.id ORDER BY g.path`,
      q.params,
    );
  }
}
