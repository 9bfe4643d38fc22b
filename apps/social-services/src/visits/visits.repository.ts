import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { narrowScope } from '@grid122/access';
import { Actor, ListHouseholdVisits } from '@grid122/contracts';
import { SqlParams } from '@grid122/persistence';
import { DataSource, EntityManager } from 'typeorm';

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

  /** Newest first after a keyset cursor (created_at text, id); `limit` rows. */
  list(actor: Actor, f: ListHouseholdVisits.Request, after: readonly string[] | null, limit: number) {
    const q = new SqlParams().under('v.grid_path', narrowScope(actor.scope, f.gridPath));
    if (f.recipientId) q.and(`v.recipient_id = ${q.p(f.recipientId)}`);
    if (f.householdRef) q.and(`v.household_ref = ${q.p(f.householdRef)}`);
    if (f.from) q.and(`v.visited_at >= ${q.p(f.from)}::timestamptz`);
    if (f.to) q.and(`v.visited_at < ${q.p(f.to)}::timestamptz`);
    const page = q.keysetDesc([['v.created_at', 'timestamptz'], ['v.id', 'uuid']], after, limit);
    return this.ds.query(`SELECT v.*, v.created_at::text AS ck, v.grid_path::text AS grid_path FROM social.visits v ${q.where()} ${page}`, q.params);
  }

  /**
   * Distinct households visited under each grid of a level, over the grid's households (from the
   * circle's copy of the registry's grid tree).
   */
  rate(actor: Actor, gridPath: string | undefined, level: string, start: string, end: string, limit: number) {
    const q = new SqlParams().under('g.path', narrowScope(actor.scope, gridPath));
    q.and(`g.level = ${q.p(level)}`);
    const s = q.p(start);
    const e = q.p(end);
    return this.ds.query(
      `SELECT g.id, g.path::text AS path, g.name, g.households,
              (SELECT count(DISTINCT v.household_ref)::int FROM social.visits v
                WHERE v.grid_path <@ g.path AND v.visited_at >= ${s}::timestamptz AND v.visited_at < ${e}::timestamptz) AS visited
         FROM social.grids g ${q.where()} ORDER BY g.path LIMIT ${q.p(limit)}`,
      q.params,
    );
  }
}
