import { Injectable } from '@nestjs/common';
import { SqlParams } from '@grid122/persistence';
import { DataSource, EntityManager } from 'typeorm';

type Q = Pick<EntityManager, 'query'>;

export interface VolunteerRow {
  id: string;
  staff_id: string;
  name: string;
  phone_enc: string | null;
  grid_id: string;
  grid_path: string;
  skills: string[];
  registered_at: Date;
  teams: { id: string; code: string; name: string }[];
}

export interface TeamRow {
  id: string;
  code: string;
  name: string;
  special: boolean;
  grid_id: string;
  grid_path: string;
  members: number;
}

const TEAM_COLS = `t.id, t.code, t.name, t.special, t.grid_id, t.grid_path::text AS grid_path,
  (SELECT count(*)::int FROM registry.volunteer_team_members tm WHERE tm.team_id = t.id) AS members`;

@Injectable()
export class VolunteerRepository {
  constructor(private readonly ds: DataSource) {}

  async list(f: { scope: string; gridId?: string; teamId?: string; afterId?: string; limit: number; id?: string }, m: Q = this.ds): Promise<VolunteerRow[]> {
    return m.query(
      `SELECT v.id, v.staff_id, s.name, s.phone_enc, v.grid_id, v.grid_path::text AS grid_path, v.skills, v.registered_at,
         coalesce((SELECT json_agg(json_build_object('id', t.id, 'code', t.code, 'name', t.name) ORDER BY t.code)
                   FROM registry.volunteer_team_members tm JOIN registry.volunteer_teams t ON t.id = tm.team_id WHERE tm.volunteer_id = v.id), '[]') AS teams
       FROM registry.volunteers v JOIN registry.staff s ON s.id = v.staff_id
       WHERE v.grid_path <@ $1::ltree
         AND ($2::uuid IS NULL OR v.grid_id = $2)
         AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM registry.volunteer_team_members tm WHERE tm.volunteer_id = v.id AND tm.team_id = $3))
         AND ($4::uuid IS NULL OR v.id > $4)
         AND ($6::uuid IS NULL OR v.id = $6)
       ORDER BY v.id LIMIT $5`,
      [f.scope, f.gridId ?? null, f.teamId ?? null, f.afterId ?? null, f.limit, f.id ?? null],
    );
  }

  async insert(m: Q, v: { staffId: string; gridId: string; gridPath: string; skills: string[] }): Promise<string> {
    const rows = await m.query(
      `INSERT INTO registry.volunteers (staff_id, grid_id, grid_path, skills) VALUES ($1, $2, $3::ltree, $4::text[]) RETURNING id`,
      [v.staffId, v.gridId, v.gridPath, v.skills],
    );
    return rows[0].id;
  }

  async join(m: Q, teamId: string, volunteerId: string): Promise<void> {
    await m.query(`INSERT INTO registry.volunteer_team_members (team_id, volunteer_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [teamId, volunteerId]);
  }

  /** Teams visible to the scope: those on grids in it, and those of the grids above it (a street's teams). */
  async teams(scope: string, f: { gridId?: string; ids?: string[] } = {}, m: Q = this.ds): Promise<TeamRow[]> {
    const q = new SqlParams().overlaps('t.grid_path', scope);
    if (f.gridId != null) q.and(`t.grid_id = ${q.p(f.gridId)}::uuid`);
    if (f.ids != null) q.and(`t.id = ANY(${q.p(f.ids)}::uuid[])`);
    return m.query(`SELECT ${TEAM_COLS} FROM registry.volunteer_teams t ${q.where()} ORDER BY t.grid_path, t.code`, q.params);
  }

  async insertTeam(m: Q, t: { code: string; name: string; special: boolean; gridId: string; gridPath: string }): Promise<string> {
    const rows = await m.query(
      `INSERT INTO registry.volunteer_teams (code, name, special, grid_id, grid_path) VALUES ($1, $2, $3, $4, $5::ltree) RETURNING id`,
      [t.code, t.name, t.special, t.gridId, t.gridPath],
    );
    return rows[0].id;
  }
}
