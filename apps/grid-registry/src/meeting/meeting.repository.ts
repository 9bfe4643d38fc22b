import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlParams } from '@grid122/persistence';
import { returnedRows } from '../shared/access';

type Q = Pick<EntityManager, 'query'>;

export interface MemberRow {
  staff_id: string;
  account_id: string | null;
  name: string;
  role: string;
  grid_path: string;
}

export interface MeetingRow {
  id: string;
  kind: string;
  grid_id: string;
  grid_path: string;
  grid_name: string;
  held_on: string;
  title: string;
  minutes: string;
  representatives: number | null;
  democratic: { satisfied: number; basicallySatisfied: number; dissatisfied: number } | null;
  half_year: string | null;
  recorded_by_name: string | null;
  members: number;
  attended: number;
}

export interface DoubleSelectionRow {
  id: string;
  grid_id: string;
  grid_path: string;
  staff_id: string;
  staff_name: string;
  role: 'grid_head' | 'seconded_staff';
  cadre_chose_at: Date | null;
  grid_chose_at: Date | null;
}

export interface AttendeeRow extends MemberRow {
  attended: boolean;
  absence_reason: string | null;
}

export interface DecisionRow {
  id: string;
  meeting_id: string;
  meeting_kind: string;
  grid_path: string;
  text: string;
  owner_staff_id: string;
  owner_account_id: string | null;
  owner_name: string;
  due_on: string;
  state: 'open' | 'done';
  done_on: string | null;
  done_note: string | null;
}

const MEETING_COLS = `m.id, m.kind, m.grid_id, m.grid_path::text AS grid_path, g.name AS grid_name, to_char(m.held_on, 'YYYY-MM-DD') AS held_on, m.title, m.minutes,
  m.representatives, m.democratic, m.half_year, m.recorded_by_name,
  (SELECT count(*)::int FROM registry.meeting_attendees x WHERE x.meeting_id = m.id) AS members,
  (SELECT count(*)::int FROM registry.meeting_attendees x WHERE x.meeting_id = m.id AND x.attended) AS attended`;
const DECISION_COLS = `d.id, d.meeting_id, m.kind AS meeting_kind, d.grid_path::text AS grid_path, d.text, d.owner_staff_id, s.account_id AS owner_account_id, d.owner_name,
  to_char(d.due_on, 'YYYY-MM-DD') AS due_on, d.state, to_char(d.done_on, 'YYYY-MM-DD') AS done_on, d.done_note`;

/** Every query of 三会一评: members from the current posts, meetings, attendance, decisions. */
@Injectable()
export class MeetingRepository {
  constructor(private readonly ds: DataSource) {}

  /** Members of a meeting on a grid: its head or its whole team, and/or the heads one level below. */
  members(grid: { id: string; path: string }, rule: { selfHead: boolean; selfTeam: boolean; childHeads: boolean }, q: Q = this.ds): Promise<MemberRow[]> {
    return q.query(
      `SELECT * FROM (
         SELECT DISTINCT ON (s.id) s.id AS staff_id, s.account_id, s.name, a.role, a.grid_path::text AS grid_path
           FROM registry.staff_assignments a JOIN registry.staff s ON s.id = a.staff_id
          WHERE a.valid_to IS NULL AND (
                ($3 AND a.grid_id = $1)
             OR ($2 AND a.grid_id = $1 AND a.role = 'grid_head')
             OR ($4 AND a.role = 'grid_head' AND a.grid_path <@ $5::ltree AND nlevel(a.grid_path) = nlevel($5::ltree) + 1))
          ORDER BY s.id, (a.grid_id = $1) DESC, (a.role = 'grid_head') DESC) x
        ORDER BY grid_path, (role = 'grid_head') DESC, role, name`,
      [grid.id, rule.selfHead, rule.selfTeam, rule.childHeads, grid.path],
    );
  }

  async insertMeeting(
    m: Q,
    r: { kind: string; gridId: string; gridPath: string; heldOn: string; title: string; minutes: string; representatives: number | null; democratic: object | null; halfYear: string | null; by: string; byName: string | null },
  ): Promise<string> {
    const [{ id }] = await m.query(
      `INSERT INTO registry.meetings (kind, grid_id, grid_path, held_on, title, minutes, representatives, democratic, half_year, recorded_by, recorded_by_name)
       VALUES ($1,$2,$3::ltree,$4,$5,$6,$7,$8,$9,$10,$11) RETURNING id`,
      [r.kind, r.gridId, r.gridPath, r.heldOn, r.title, r.minutes, r.representatives, r.democratic ? JSON.stringify(r.democratic) : null, r.halfYear, r.by, r.byName],
    );
    return id;
  }

  async insertAttendees(m: Q, meetingId: string, rows: AttendeeRow[]): Promise<void> {
    if (!rows.length) return;
    await m.query(
      `INSERT INTO registry.meeting_attendees (meeting_id, staff_id, account_id, name, role, grid_path, attended, absence_reason)
       SELECT $1, x.staff_id, x.account_id, x.name, x.role, x.grid_path::ltree, x.attended, x.absence_reason
         FROM jsonb_to_recordset($2::jsonb) AS x(staff_id uuid, account_id uuid, name text, role text, grid_path text, attended boolean, absence_reason text)`,
      [meetingId, JSON.stringify(rows)],
    );
  }

  async insertDecision(m: Q, d: { meetingId: string; gridPath: string; text: string; ownerStaffId: string; ownerName: string; dueOn: string }): Promise<string> {
    const [{ id }] = await m.query(
      `INSERT INTO registry.meeting_decisions (meeting_id, grid_path, text, owner_staff_id, owner_name, due_on) VALUES ($1,$2::ltree,$3,$4,$5,$6) RETURNING id`,
      [d.meetingId, d.gridPath, d.text, d.ownerStaffId, d.ownerName, d.dueOn],
    );
    return id;
  }

  meetings(f: { scope: string; root: string; kind?: string; gridId?: string; from?: string; to?: string; id?: string; limit: number }, q: Q = this.ds): Promise<MeetingRow[]> {
    const w = new SqlParams().under('m.grid_path', f.scope).under('m.grid_path', f.root);
    if (f.kind) w.and(`m.kind = ${w.p(f.kind)}`);
    if (f.gridId) w.and(`m.grid_id = ${w.p(f.gridId)}`);
    if (f.from) w.and(`m.held_on >= ${w.p(f.from)}::date`);
    if (f.to) w.and(`m.held_on <= ${w.p(f.to)}::date`);
    if (f.id) w.and(`m.id = ${w.p(f.id)}`);
    return q.query(
      `SELECT ${MEETING_COLS} FROM registry.meetings m JOIN registry.grids g ON g.id = m.grid_id ${w.where()} ORDER BY m.held_on DESC, m.id LIMIT ${w.p(f.limit)}`,
      w.params,
    );
  }

  attendees(meetingId: string, q: Q = this.ds): Promise<AttendeeRow[]> {
    return q.query(
      `SELECT staff_id, account_id, name, role, grid_path::text AS grid_path, attended, absence_reason FROM registry.meeting_attendees WHERE meeting_id = $1 ORDER BY grid_path, (role = 'grid_head') DESC, name`,
      [meetingId],
    );
  }

  /** Decisions visible to the caller: in their scope, or owned by them (a grid head owns decisions of the meeting above). */
  decisions(f: { scope: string; root: string; actorId: string; meetingId?: string; state?: string; overdueBefore?: string; ownerStaffId?: string; id?: string }, q: Q = this.ds): Promise<DecisionRow[]> {
    const w = new SqlParams();
    w.and(`(d.grid_path <@ ${w.p(f.scope)}::ltree OR s.account_id::text = ${w.p(f.actorId)})`).under('d.grid_path', f.root);
    if (f.meetingId) w.and(`d.meeting_id = ${w.p(f.meetingId)}`);
    if (f.state) w.and(`d.state = ${w.p(f.state)}`);
    if (f.overdueBefore) w.and(`d.state = 'open' AND d.due_on < ${w.p(f.overdueBefore)}::date`);
    if (f.ownerStaffId) w.and(`d.owner_staff_id = ${w.p(f.ownerStaffId)}`);
    if (f.id) w.and(`d.id = ${w.p(f.id)}`);
    return q.query(
      `SELECT ${DECISION_COLS} FROM registry.meeting_decisions d JOIN registry.meetings m ON m.id = d.meeting_id JOIN registry.staff s ON s.id = d.owner_staff_id
        ${w.where()} ORDER BY d.due_on, d.id LIMIT 2000`,
      w.params,
    );
  }

  async closeDecision(m: Q, id: string, doneOn: string, note: string, by: string): Promise<boolean> {
    const res = await m.query(`UPDATE registry.meeting_decisions SET state = 'done', done_on = $2, done_note = $3, done_by = $4 WHERE id = $1 AND state = 'open' RETURNING id`, [id, doneOn, note, by]);
    return returnedRows(res).length === 1;
  }

  /** The convening grids of a level under a root with the day of their last meeting of a kind. */
  lastHeld(root: string, level: string, kind: string, q: Q = this.ds): Promise<{ id: string; path: string; name: string; last: string | null }[]> {
    return q.query(
      `SELECT g.id, g.path::text AS path, g.name,
              (SELECT to_char(max(m.held_on), 'YYYY-MM-DD') FROM registry.meetings m WHERE m.grid_id = g.id AND m.kind = $3) AS last
         FROM registry.grids g WHERE g.path <@ $1::ltree AND g.level = $2 ORDER BY g.path`,
      [root, level, kind],
    );
  }

  /** 双向选择: records one side's choice (idempotent per side) and answers the row. */
  async choose(grid: { id: string; path: string }, staffId: string, role: string, side: 'cadre' | 'grid', by: string): Promise<DoubleSelectionRow> {
    const col = side === 'cadre' ? 'cadre_chose_at' : 'grid_chose_at';
    const [row] = await this.ds.query(
      `INSERT INTO registry.double_selections (grid_id, grid_path, staff_id, role, ${col}, recorded_by) VALUES ($1, $2::ltree, $3, $4, now(), $5)
       ON CONFLICT (grid_id, staff_id, role) DO UPDATE SET ${col} = coalesce(registry.double_selections.${col}, now())
       RETURNING id`,
      [grid.id, grid.path, staffId, role, by],
    );
    return (await this.selections({ root: '', id: row.id }))[0];
  }

  selections(f: { root: string; id?: string; state?: string }): Promise<DoubleSelectionRow[]> {
    const q = new SqlParams().under('d.grid_path', f.root);
    if (f.id) q.and(`d.id = ${q.p(f.id)}`);
    if (f.state === 'matched') q.and('d.cadre_chose_at IS NOT NULL AND d.grid_chose_at IS NOT NULL');
    if (f.state === 'cadre_chose') q.and('d.cadre_chose_at IS NOT NULL AND d.grid_chose_at IS NULL');
    if (f.state === 'grid_chose') q.and('d.grid_chose_at IS NOT NULL AND d.cadre_chose_at IS NULL');
    return this.ds.query(
      `SELECT d.id, d.grid_id, d.grid_path::text AS grid_path, d.staff_id, s.name AS staff_name, d.role, d.cadre_chose_at, d.grid_chose_at
         FROM registry.double_selections d JOIN registry.staff s ON s.id = d.staff_id ${q.where()} ORDER BY d.grid_path, s.name LIMIT 2000`,
      q.params,
    );
  }

  /** The month's meetings per kind with members and attendance, and their decisions. */
  async monthFigures(root: string, from: string, to: string, today: string, q: Q = this.ds) {
    const byKind: { kind: string; held: number; members: number; attended: number }[] = await q.query(
      `SELECT m.kind, count(DISTINCT m.id)::int AS held, count(a.staff_id)::int AS members, count(a.staff_id) FILTER (WHERE a.attended)::int AS attended
         FROM registry.meetings m LEFT JOIN registry.meeting_attendees a ON a.meeting_id = m.id
        WHERE m.grid_path <@ $1::ltree AND m.held_on BETWEEN $2::date AND $3::date GROUP BY m.kind`,
      [root, from, to],
    );
    const [decisions]: { made: number; done: number; done_on_time: number; open: number; overdue: number }[] = await q.query(
      `SELECT count(*)::int AS made, count(*) FILTER (WHERE d.state = 'done')::int AS done,
              count(*) FILTER (WHERE d.state = 'done' AND d.done_on <= d.due_on)::int AS done_on_time,
              count(*) FILTER (WHERE d.state = 'open')::int AS open,
              count(*) FILTER (WHERE d.state = 'open' AND d.due_on < $4::date)::int AS overdue
         FROM registry.meeting_decisions d JOIN registry.meetings m ON m.id = d.meeting_id
        WHERE d.grid_path <@ $1::ltree AND m.held_on BETWEEN $2::date AND $3::date`,
      [root, from, to, today],
    );
    return { byKind, decisions };
  }
}
