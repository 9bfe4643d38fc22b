import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { sequenceRef } from '@grid122/persistence';

type Q = Pick<EntityManager, 'query'>;

export interface TaskRow {
  id: string;
  ref: string;
  incident_id: string | null;
  incident_code: string | null;
  title: string;
  key_area: string;
  category: string | null;
  grid_id: string | null;
  grid_path: string;
  address: string | null;
  state: string;
  deadline: Date | null;
  note: string | null;
  closure_type: string | null;
  photos: string[];
  opened_at: Date;
  handled_at: Date | null;
  closed_at: Date | null;
  returned_at: Date | null;
  updated_by_name: string | null;
}

const COLS = `id, ref, incident_id, incident_code, title, key_area, category, grid_id, grid_path::text AS grid_path, address, state, deadline, note,
  closure_type, photos, opened_at, handled_at, closed_at, returned_at, updated_by_name`;

@Injectable()
export class TaskRepository {
  constructor(private readonly ds: DataSource) {}

  /** `ck`: opened_at as text, to the microsecond, for the next page's cursor (a Date keeps only the millisecond). */
  async list(f: { scope: string; state?: string; incidentId?: string; after?: readonly [string, string]; limit: number }): Promise<(TaskRow & { ck: string })[]> {
    return this.ds.query(
      `SELECT ${COLS}, opened_at::text AS ck FROM registry.organisation_tasks
       WHERE grid_path <@ $1::ltree AND ($2::text IS NULL OR state = $2) AND ($3::uuid IS NULL OR incident_id = $3)
         AND ($4::timestamptz IS NULL OR (opened_at, id) < ($4, $5::uuid))
       ORDER BY opened_at DESC, id DESC LIMIT $6`,
      [f.scope, f.state ?? null, f.incidentId ?? null, f.after?.[0] ?? null, f.after?.[1] ?? null, f.limit],
    );
  }

  async get(id: string, scope: string, m: Q = this.ds, lock = false): Promise<TaskRow | null> {
    const rows = await m.query(`SELECT ${COLS} FROM registry.organisation_tasks WHERE id = $1 AND grid_path <@ $2::ltree${lock ? ' FOR UPDATE' : ''}`, [id, scope]);
    return rows[0] ?? null;
  }

  /** Opens a task unless the incident already has a live one (the partial unique index decides). */
  async openIfNone(m: Q, t: { incidentId: string; incidentCode: string | null; sourceEventId: string; title: string; keyArea: string; category: string | null; gridId: string | null; gridPath: string; address: string | null; deadline: string | null }): Promise<TaskRow | null> {
    const rows = await m.query(
      `INSERT INTO registry.organisation_tasks (ref, incident_id, incident_code, source_event_id, title, key_area, category, grid_id, grid_path, address, deadline)
       VALUES (${sequenceRef('ZZ', 'registry.organisation_task_ref_seq', 6)},
               $1, $2, $3, $4, $5, $6, $7, $8::ltree, $9, $10)
       ON CONFLICT (incident_id) WHERE state IN ('open', 'handled') DO NOTHING
       RETURNING ${COLS}`,
      [t.incidentId, t.incidentCode, t.sourceEventId, t.title, t.keyArea, t.category, t.gridId, t.gridPath, t.address, t.deadline],
    );
    return rows[0] ?? null;
  }

  async transition(m: Q, id: string, to: string, f: { note?: string | null; closureType?: string | null; photos?: string[]; byId: string; byName: string | null }): Promise<void> {
    const stamp = { handled: 'handled_at', closed: 'closed_at', returned: 'returned_at' }[to as 'handled' | 'closed' | 'returned'];
    await m.query(
      `UPDATE registry.organisation_tasks SET state = $2, ${stamp} = now(), note = coalesce($3, note), closure_type = coalesce($4, closure_type),
         photos = coalesce($5::text[], photos), updated_by_id = $6, updated_by_name = $7, updated_at = now() WHERE id = $1`,
      [id, to, f.note ?? null, f.closureType ?? null, f.photos ?? null, f.byId, f.byName],
    );
  }
}
