import { Injectable } from '@nestjs/common';
import { pathOverlap, SqlParams } from '@grid122/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { nextRegisterRef } from '../shared/register-ref';

export interface WarningRow {
  id: string;
  ref: string;
  level: number;
  reason_kind: string;
  reason: string;
  starts_at: Date;
  ends_at: Date;
  state: string;
  issued_by_name: string;
  issued_at: Date;
  current: boolean;
}

export interface WarningGridRow {
  warning_id: string;
  grid_path: string;
  acknowledged_at: Date | null;
  acknowledged_by_name: string | null;
  note: string | null;
}

export interface MeetingRow {
  id: string;
  held_on: string;
  week: string;
  grid_path: string;
  chair: string;
  attendees: { name: string; role: string }[];
  topics: string;
  decisions: { text: string; owner: string | null; dueOn: string | null }[];
  recorded_by_name: string;
  recorded_at: Date;
}

const WARNING = `SELECT w.*, (w.state = 'active' AND w.starts_at <= now() AND w.ends_at > now()) AS current FROM petitions.stability_warnings w`;
/** A warning concerns a scope when one of its grids lies within the scope or contains it. */
const concernsScope = (q: SqlParams, scope: string) =>
  q.and(`EXISTS (SELECT 1 FROM petitions.warning_grids g WHERE g.warning_id = w.id AND ${pathOverlap('g.grid_path', scope, (v) => q.p(v))})`);
const MEETING = `SELECT m.id, to_char(m.held_on, 'YYYY-MM-DD') AS held_on, to_char(m.held_on, 'IYYY-"W"IW') AS week, m.grid_path::text AS grid_path,
  m.chair, m.attendees, m.topics, m.decisions, m.recorded_by_name, m.recorded_at FROM petitions.stability_meetings m`;

/** Every query on stability warnings (四级预警), their grids, and the weekly meetings. */
@Injectable()
export class StabilityRepository {
  constructor(private readonly ds: DataSource) {}

  async insertWarning(m: EntityManager, w: { level: number; reasonKind: string; reason: string; startsAt: Date; endsAt: Date; scopePath: string; byId: string; byName: string }, gridPaths: string[]): Promise<{ id: string; ref: string }> {
    const ref = await nextRegisterRef(m, 'warning', new Date());
    const [{ id }] = await m.query(
      `INSERT INTO petitions.stability_warnings (ref, level, reason_kind, reason, starts_at, ends_at, state, scope_path, issued_by_id, issued_by_name)
       VALUES ($1,$2,$3,$4,$5,$6,'active',$7::ltree,$8,$9) RETURNING id`,
      [ref, w.level, w.reasonKind, w.reason, w.startsAt, w.endsAt, w.scopePath, w.byId, w.byName],
    );
    await m.query(`INSERT INTO petitions.warning_grids (warning_id, grid_path) SELECT $1, unnest($2::text[])::ltree`, [id, gridPaths]);
    return { id, ref };
  }

  async getWarning(id: string, m: EntityManager = this.ds.manager, lock = false): Promise<WarningRow | null> {
    const rows = await m.query(`${WARNING} WHERE w.id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return rows[0] ?? null;
  }

  async concerns(id: string, scope: string): Promise<boolean> {
    if (!scope) return true;
    const q = new SqlParams();
    concernsScope(q.and(`w.id = ${q.p(id)}`), scope);
    return (await this.ds.query(`SELECT 1 FROM petitions.stability_warnings w ${q.where()}`, q.params)).length > 0;
  }

  async listWarnings(f: { scope: string; state?: string; current?: boolean; limit: number; offset: number }): Promise<{ rows: WarningRow[]; total: number }> {
    const q = new SqlParams();
    if (f.scope) concernsScope(q, f.scope);
    if (f.state) q.and(`w.state = ${q.p(f.state)}`);
    if (f.current) q.and(`w.state = 'active' AND w.starts_at <= now() AND w.ends_at > now()`);
    // In force first, then by level: grids under a warning see it first.
    const [page, params] = q.page(f.limit, f.offset);
    const rows = await this.ds.query(`SELECT * FROM (${WARNING} ${q.where()}) x ORDER BY x.current DESC, x.level DESC, x.starts_at DESC ${page}`, params);
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM petitions.stability_warnings w ${q.where()}`, q.params);
    return { rows, total: n };
  }

  grids(ids: string[]): Promise<WarningGridRow[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.ds.query(
      `SELECT warning_id, grid_path::text AS grid_path, acknowledged_at, acknowledged_by_name, note FROM petitions.warning_grids WHERE warning_id = ANY($1) ORDER BY grid_path`,
      [ids],
    );
  }

  /** Acknowledges the given warned grids not yet acknowledged; returns those it changed. */
  async acknowledge(m: EntityManager, id: string, paths: string[], by: { id: string; name: string }, note: string | null): Promise<string[]> {
    const [rows] = await m.query(
      `UPDATE petitions.warning_grids SET acknowledged_at = now(), acknowledged_by_id = $3, acknowledged_by_name = $4, note = $5
        WHERE warning_id = $1 AND grid_path::text = ANY($2) AND acknowledged_at IS NULL RETURNING grid_path::text AS grid_path`,
      [id, paths, by.id, by.name, note],
    );
    return (rows as { grid_path: string }[]).map((r) => r.grid_path);
  }

  async updateWarning(m: EntityManager, id: string, patch: Record<string, unknown>): Promise<void> {
    const q = new SqlParams();
    await m.query(`UPDATE petitions.stability_warnings SET ${q.sets(patch)} WHERE id = ${q.p(id)}`, q.params);
  }

  async insertMeeting(m: EntityManager, r: { heldOn: string; gridPath: string; chair: string; attendees: unknown[]; topics: string; decisions: unknown[]; byId: string; byName: string }): Promise<string> {
    const [{ id }] = await m.query(
      `INSERT INTO petitions.stability_meetings (held_on, grid_path, chair, attendees, topics, decisions, recorded_by_id, recorded_by_name)
       VALUES ($1::date,$2::ltree,$3,$4::jsonb,$5,$6::jsonb,$7,$8) RETURNING id`,
      [r.heldOn, r.gridPath, r.chair, JSON.stringify(r.attendees), r.topics, JSON.stringify(r.decisions), r.byId, r.byName],
    );
    return id;
  }

  async getMeeting(id: string): Promise<MeetingRow | null> {
    return (await this.ds.query(`${MEETING} WHERE m.id = $1`, [id]))[0] ?? null;
  }

  async listMeetings(f: { scope: string; limit: number; offset: number }): Promise<{ rows: MeetingRow[]; total: number }> {
    const q = new SqlParams().overlaps('m.grid_path', f.scope);
    const [page, params] = q.page(f.limit, f.offset);
    const rows = await this.ds.query(`${MEETING} ${q.where()} ORDER BY m.held_on DESC, m.recorded_at DESC ${page}`, params);
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM petitions.stability_meetings m ${q.where()}`, q.params);
    return { rows, total: n };
  }
}
