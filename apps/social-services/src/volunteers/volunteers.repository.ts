import { Injectable } from '@nestjs/common';
import { streetCalendar } from '@grid122/calendar';
import { InjectDataSource } from '@nestjs/typeorm';
import { narrowScope } from '@grid122/access';
import { Actor, ListSocialVolunteers, ListVolunteerActivities, PointsBalances } from '@grid122/contracts';
import { SqlParams } from '@grid122/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { returned } from '../shared/rows';

export interface VolunteerRow {
  id: string;
  ck: string;
  person_id: string | null;
  name: string;
  gender: string | null;
  phone_enc: string | null;
  grid_id: string | null;
  grid_path: string;
  y_role: string | null;
  points_balance: number;
  points_earned: number;
  points_spent: number;
  hours_total: string;
  active: boolean;
  created_at: Date;
  teams: { id: string; code: string; name: string; special: boolean }[];
}

export interface LedgerRow {
  id: string;
  ck: string;
  volunteer_id: string;
  delta: number;
  balance_after: number;
  reason: string;
  service_request_id: string | null;
  exchange_id: string | null;
  note: string | null;
  created_at: Date;
}

export interface TeamRow {
  id: string;
  code: string;
  name: string;
  special: boolean;
  description: string | null;
  street_path: string;
  members: number;
  hours_total: string;
}

const SELECT_VOLUNTEER = `
  SELECT v.*, v.created_at::text AS ck, v.grid_path::text AS grid_path,
         COALESCE((SELECT json_agg(json_build_object('id', t.id, 'code', t.code, 'name', t.name, 'special', t.special) ORDER BY t.code)
                     FROM social.volunteer_team_members tm JOIN social.volunteer_teams t ON t.id = tm.team_id
                    WHERE tm.volunteer_id = v.id), '[]'::json) AS teams
    FROM social.volunteers v`;

const SELECT_TEAM = `
  SELECT t.id, t.code, t.name, t.special, t.description, t.street_path::text AS street_path,
         (SELECT count(*)::int FROM social.volunteer_team_members tm WHERE tm.team_id = t.id) AS members,
         (SELECT COALESCE(sum(a.hours), 0) FROM social.volunteer_activities a WHERE a.team_id = t.id) AS hours_total
    FROM social.volunteer_teams t`;

/** Volunteers, teams, activities (hours) and the points ledger. */
@Injectable()
export class VolunteersRepository {
  constructor(@InjectDataSource() readonly ds: DataSource) {}

  async insert(m: EntityManager, v: Record<string, unknown>): Promise<string> {
    const rows = await m.query(
      `INSERT INTO social.volunteers (person_id, name, gender, phone_enc, phone_hash, grid_id, grid_path, y_role)
       VALUES ($1,$2,$3,$4,$5,$6,$7::ltree,$8) RETURNING id`,
      [v.personId ?? null, v.name, v.gender ?? null, v.phoneEnc ?? null, v.phoneHash ?? null, v.gridId ?? null, v.gridPath, v.yRole ?? null],
    );
    return rows[0].id;
  }

  async find(id: string, m: EntityManager = this.ds.manager): Promise<VolunteerRow | undefined> {
    return (await m.query(`${SELECT_VOLUNTEER} WHERE v.id = $1`, [id]))[0];
  }

  /** Newest first after a keyset cursor (created_at text, id); `limit` rows. */
  list(actor: Actor, f: ListSocialVolunteers.Request, after: readonly string[] | null, limit: number): Promise<VolunteerRow[]> {
    const q = new SqlParams().under('v.grid_path', narrowScope(actor.scope, f.gridPath));
    if (f.teamId) q.and(`EXISTS (SELECT 1 FROM social.volunteer_team_members tm WHERE tm.volunteer_id = v.id AND tm.team_id = ${q.p(f.teamId)})`);
    if (f.q) q.and(`v.name LIKE ${q.p(f.q.replace(/[%_\\]/g, '\\$&') + '%')}`);
    const page = q.keysetDesc([['v.created_at', 'timestamptz'], ['v.id', 'uuid']], after, limit);
    return this.ds.query(`${SELECT_VOLUNTEER} ${q.where()} ${page}`, q.params);
  }

  // ---- teams ---------------------------------------------------------------------------------

  /**
   * A team belongs to a street: visible when the street is inside or above the narrower of the
   * scope and the asked path (none when the two do not meet).
   */
  async teams(actor: Actor, gridPath?: string): Promise<TeamRow[]> {
    const q = new SqlParams().overlaps('t.street_path', narrowScope(actor.scope, gridPath));
    return this.ds.query(`${SELECT_TEAM} ${q.where()} ORDER BY t.special DESC, t.code`, q.params);
  }

  async findTeam(id: string, m: EntityManager = this.ds.manager): Promise<TeamRow | undefined> {
    return (await m.query(`${SELECT_TEAM} WHERE t.id = $1`, [id]))[0];
  }

  async insertTeam(t: { code: string; name: string; special: boolean; description: string | null; streetPath: string }): Promise<string> {
    const rows = await this.ds.query(
      `INSERT INTO social.volunteer_teams (code, name, special, description, street_path) VALUES ($1,$2,$3,$4,$5::ltree) RETURNING id`,
      [t.code, t.name, t.special, t.description, t.streetPath],
    );
    return rows[0].id;
  }

  teamMembers(teamId: string): Promise<{ volunteer_id: string; name: string; grid_path: string; joined_at: Date }[]> {
    return this.ds.query(
      `SELECT tm.volunteer_id, v.name, v.grid_path::text AS grid_path, tm.joined_at
         FROM social.volunteer_team_members tm JOIN social.volunteers v ON v.id = tm.volunteer_id
        WHERE tm.team_id = $1 ORDER BY tm.joined_at, v.name`,
      [teamId],
    );
  }

  async addMember(m: EntityManager, teamId: string, volunteerId: string): Promise<void> {
    await m.query(`INSERT INTO social.volunteer_team_members (team_id, volunteer_id) VALUES ($1,$2) ON CONFLICT DO NOTHING`, [teamId, volunteerId]);
  }

  async removeMember(teamId: string, volunteerId: string): Promise<boolean> {
    const rows = returned(await this.ds.query(`DELETE FROM social.volunteer_team_members WHERE team_id = $1 AND volunteer_id = $2 RETURNING 1`, [teamId, volunteerId]));
    return rows.length > 0;
  }

  // ---- activities and hours ------------------------------------------------------------------

  async insertActivity(
    m: EntityManager,
    a: { volunteerId: string; teamId: string | null; serviceRequestId: string | null; title: string; activityDate: string; hours: number; gridPath: string; createdBy: string | null },
  ): Promise<{ id: string; created_at: Date } | undefined> {
    const rows = await m.query(
      `INSERT INTO social.volunteer_activities (volunteer_id, team_id, service_request_id, title, activity_date, hours, grid_path, created_by)
       VALUES ($1,$2,$3,$4,$5::date,$6,$7::ltree,$8) ON CONFLICT (volunteer_id, service_request_id) DO NOTHING RETURNING id, created_at`,
      [a.volunteerId, a.teamId, a.serviceRequestId, a.title, a.activityDate, a.hours, a.gridPath, a.createdBy],
    );
    if (rows.length) await m.query(`UPDATE social.volunteers SET hours_total = hours_total + $2 WHERE id = $1`, [a.volunteerId, a.hours]);
    return rows[0];
  }

  /** Newest first after a keyset cursor (created_at text, id); `limit` rows. */
  activities(actor: Actor, f: ListVolunteerActivities.Request, after: readonly string[] | null, limit: number) {
    const q = new SqlParams().under('a.grid_path', actor.scope);
    if (f.volunteerId) q.and(`a.volunteer_id = ${q.p(f.volunteerId)}`);
    if (f.teamId) q.and(`a.team_id = ${q.p(f.teamId)}`);
    const page = q.keysetDesc([['a.created_at', 'timestamptz'], ['a.id', 'uuid']], after, limit);
    return this.ds.query(
      `SELECT a.*, a.created_at::text AS ck, a.grid_path::text AS grid_path, to_char(a.activity_date, 'YYYY-MM-DD') AS activity_date
         FROM social.volunteer_activities a ${q.where()} ${page}`,
      q.params,
    );
  }

  // ---- points --------------------------------------------------------------------------------

  /** Adds points (earned) and writes the ledger line; returns the new balance. */
  async earn(m: EntityManager, e: { volunteerId: string; points: number; reason: string; serviceRequestId?: string | null; note?: string | null; createdBy: string | null }): Promise<number> {
    const up = returned(await m.query(
      `UPDATE social.volunteers SET points_balance = points_balance + $2, points_earned = points_earned + $2 WHERE id = $1 RETURNING points_balance`,
      [e.volunteerId, e.points],
    ));
    const balance = Number(up[0].points_balance);
    await m.query(
      `INSERT INTO social.points_ledger (volunteer_id, delta, balance_after, reason, service_request_id, note, created_by) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
      [e.volunteerId, e.points, balance, e.reason, e.serviceRequestId ?? null, e.note ?? null, e.createdBy],
    );
    return balance;
  }

  /**
   * Takes points with one conditional UPDATE: the balance never goes below zero however many
   * exchanges run at once. Null when the balance is short.
   */
  async spend(m: EntityManager, e: { volunteerId: string; points: number; reason: string; exchangeId?: string | null; note?: string | null; createdBy: string | null }): Promise<number | null> {
    const up = returned(await m.query(
      `UPDATE social.volunteers SET points_balance = points_balance - $2, points_spent = points_spent + $2
        WHERE id = $1 AND points_balance >= $2 RETURNING points_balance`,
      [e.volunteerId, e.points],
    ));
    if (up.length === 0) return null;
    const balance = Number(up[0].points_balance);
    await m.query(
      `INSERT INTO social.points_ledger (volunteer_id, delta, balance_after, reason, exchange_id, note, created_by) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
      [e.volunteerId, -e.points, balance, e.reason, e.exchangeId ?? null, e.note ?? null, e.createdBy],
    );
    return balance;
  }

  /** Newest first after a keyset cursor (created_at text, id); `limit` rows. */
  ledger(volunteerId: string, after: readonly string[] | null, limit: number): Promise<LedgerRow[]> {
    const q = new SqlParams();
    q.and(`l.volunteer_id = ${q.p(volunteerId)}`);
    const page = q.keysetDesc([['l.created_at', 'timestamptz'], ['l.id', 'uuid']], after, limit);
    return this.ds.query(`SELECT l.*, l.created_at::text AS ck FROM social.points_ledger l ${q.where()} ${page}`, q.params);
  }

  async lastLedgerEntry(m: EntityManager, volunteerId: string) {
    return (await m.query(`SELECT * FROM social.points_ledger WHERE volunteer_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`, [volunteerId]))[0];
  }

  balances(actor: Actor, f: PointsBalances.Request) {
    const q = new SqlParams().under('v.grid_path', narrowScope(actor.scope, f.gridPath));
    if (f.teamId) q.and(`EXISTS (SELECT 1 FROM social.volunteer_team_members tm WHERE tm.volunteer_id = v.id AND tm.team_id = ${q.p(f.teamId)})`);
    return this.ds.query(
      `SELECT v.id, v.name, v.grid_path::text AS grid_path, v.points_balance, v.points_earned, v.points_spent
         FROM social.volunteers v ${q.where()} ORDER BY v.points_earned DESC, v.name LIMIT ${q.p(f.limit ?? 50)}`,
      q.params,
    );
  }

  // ---- figures -------------------------------------------------------------------------------

  async figures(actor: Actor, gridPath: string | undefined, start: string, end: string) {
    const scope = narrowScope(actor.scope, gridPath);
    const vs = new SqlParams().under('v.grid_path', scope);
    const as = new SqlParams().under('a.grid_path', scope);
    as.and(`a.activity_date >= ${as.p(start)}::date AND a.activity_date < ${as.p(end)}::date`);
    const ls = new SqlParams().under('v.grid_path', scope);
    ls.and(`l.created_at >= ${ls.p(streetCalendar().dayStart(start).toISOString())}::timestamptz AND l.created_at < ${ls.p(streetCalendar().dayStart(end).toISOString())}::timestamptz`);
    const [vol, byMonth, byTeam, points, balance] = await Promise.all([
      this.ds.query(`SELECT count(*)::int AS n FROM social.volunteers v ${vs.where('v.active')}`, vs.params),
      this.ds.query(`SELECT to_char(a.activity_date, 'YYYY-MM') AS month, sum(a.hours)::float8 AS hours, count(*)::int AS n FROM social.volunteer_activities a ${as.where()} GROUP BY 1 ORDER BY 1`, as.params),
      this.ds.query(
        `SELECT a.team_id, t.code, COALESCE(t.name, '未归队') AS name, sum(a.hours)::float8 AS hours
           FROM social.volunteer_activities a LEFT JOIN social.volunteer_teams t ON t.id = a.team_id ${as.where()} GROUP BY 1, 2, 3 ORDER BY 4 DESC`,
        as.params,
      ),
      this.ds.query(
        `SELECT COALESCE(sum(l.delta) FILTER (WHERE l.delta > 0), 0)::int AS earned, COALESCE(-sum(l.delta) FILTER (WHERE l.delta < 0), 0)::int AS spent
           FROM social.points_ledger l JOIN social.volunteers v ON v.id = l.volunteer_id ${ls.where()}`,
        ls.params,
      ),
      this.ds.query(`SELECT COALESCE(sum(v.points_balance), 0)::int AS balance FROM social.volunteers v ${vs.where()}`, vs.params),
    ]);
    return { volunteers: vol[0].n as number, byMonth, byTeam, points: points[0], balance: balance[0].balance as number };
  }
}
