import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, ListHouseholdVisits } from '@grid122/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { pageClause, Sql } from '../shared/sql';

/** Household visits (进家门) and the visit rate per grid. */
@Injectable()
export class VisitsRepository {
  constructor(@InjectDataSource() readonly ds: DataSource) {}

  async insert(m: EntityManager, v: Record<string, unknown>) {
    const rows = await m.query(
      `INSERT INTO social.visits (household_ref, building_id, recipient_id, grid_id, grid_path, visitor_id, visitor_name, visited_at, kind, findings, follow_up)
       VALUES ($1,$2,$3,$4,$5::ltree,$6,$7,COALESCE($8::timestamptz, now()),$9,$10,$11)
       RETURNING *, grid_path::text AS grid_path`,
      [v.householdRef, v.buildingId ?? null, v.recipientId ?? null, v.gridId ?? null, v.gridPath, v.visitorId, v.visitorName ?? null, v.visitedAt ?? null, v.kind, v.findings ?? null, v.followUp ?? false],
    );
    return rows[0];
  }

  async list(actor: Actor, q: ListHouseholdVisits.Request) {
    const sql = new Sql().scope('v.grid_path', actor, q.gridPath);
    if (q.recipientId) sql.and(`v.recipient_id = ${sql.p(q.recipientId)}`);
    if (q.householdRef) sql.and(`v.household_ref = ${sql.p(q.householdRef)}`);
    if (q.from) sql.and(`v.visited_at >= ${sql.p(q.from)}::timestamptz`);
    if (q.to) sql.and(`v.visited_at < ${sql.p(q.to)}::timestamptz`);
    const { limitSql, limit } = pageClause(sql, 'v', q);
    return { rows: await this.ds.query(`SELECT v.*, v.created_at::text AS ck, v.grid_path::text AS grid_path FROM social.visits v ${sql.whereSql()} ${limitSql}`, sql.params), limit };
  }

  /**
   * Distinct households visited under each grid of a level, over the grid's households (from the
   * circle's copy of the registry's grid tree).
   */
  rate(actor: Actor, gridPath: string | undefined, level: string, start: string, end: string, limit: number) {
    const sql = new Sql().scope('g.path', actor, gridPath);
    sql.and(`g.level = ${sql.p(level)}`);
    const s = sql.p(start);
    const e = sql.p(end);
    return this.ds.query(
      `SELECT g.id, g.path::text AS path, g.name, g.households,
              (SELECT count(DISTINCT v.household_ref)::int FROM social.visits v
                WHERE v.grid_path <@ g.path AND v.visited_at >= ${s}::timestamptz AND v.visited_at < ${e}::timestamptz) AS visited
         FROM social.grids g ${sql.whereSql()} ORDER BY g.path LIMIT ${limit}`,
      sql.params,
    );
  }
}
