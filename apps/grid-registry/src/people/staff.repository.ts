import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlParams } from '@grid122/persistence';
import { returnedRows } from '../shared/access';

type Q = Pick<EntityManager, 'query'>;

export interface StaffRow {
  id: string;
  name: string;
  gender: string | null;
  phone_enc: string | null;
  party_member: boolean;
  department_id: string | null;
  account_id: string | null;
  home_path: string;
}

export interface AssignmentRow {
  id: string;
  staff_id: string;
  grid_id: string;
  grid_code: string;
  grid_name: string;
  grid_level: string;
  grid_path: string;
  role: string;
  role_group: string;
  department_id: string | null;
  valid_from: Date;
}

export interface RosterRow {
  staff_id: string;
  account_id: string | null;
  name: string;
  grid_id: string;
  grid_path: string;
  grid_name: string;
  grid_level: string;
  role: string;
}

const STAFF_COLS = `s.id, s.name, s.gender, s.phone_enc, s.party_member, s.department_id, s.account_id, s.home_path::text AS home_path`;
/** A person is visible when registered in the scope or holding a current post in it. */
const VISIBLE = (scope: string) =>
  `(s.home_path <@ ${scope}::ltree OR EXISTS (SELECT 1 FROM registry.staff_assignments v WHERE v.staff_id = s.id AND v.valid_to IS NULL AND v.grid_path <@ ${scope}::ltree))`;

@Injectable()
export class StaffRepository {
  constructor(private readonly ds: DataSource) {}

  /** Current posts of some roles on grids of some levels under a root (the roster of diaries and meetings). */
  async roster(root: string, roles: string[] | null, levels: string[] | null): Promise<RosterRow[]> {
    return this.ds.query(
      `SELECT s.id AS staff_id, s.account_id, s.name, g.id AS grid_id, g.path::text AS grid_path, g.name AS grid_name, g.level AS grid_level, a.role
         FROM registry.staff_assignments a
         JOIN registry.grids g ON g.id = a.grid_id
         JOIN registry.staff s ON s.id = a.staff_id
        WHERE a.valid_to IS NULL AND a.grid_path <@ $1::ltree
          AND ($2::text[] IS NULL OR a.role = ANY($2::text[]))
          AND ($3::text[] IS NULL OR g.level = ANY($3::text[]))
        ORDER BY g.path, a.role, s.name, s.id`,
      [root, roles, levels],
    );
  }

  async list(f: { scope: string; gridId?: string; role?: string; group?: string; departmentId?: string; q?: string; phoneHashes?: string[]; after?: readonly [string, string]; limit: number }): Promise<StaffRow[]> {
    const q = new SqlParams();
    q.and(VISIBLE(q.p(f.scope)));
    if (f.gridId || f.role || f.group) {
      const conds: string[] = ['a.staff_id = s.id', 'a.valid_to IS NULL'];
      if (f.gridId) conds.push(`a.grid_id = ${q.p(f.gridId)}`);
      if (f.role) conds.push(`a.role = ${q.p(f.role)}`);
      if (f.group) conds.push(`a.role_group = ${q.p(f.group)}`);
      q.and(`EXISTS (SELECT 1 FROM registry.staff_assignments a WHERE ${conds.join(' AND ')})`);
    }
    if (f.departmentId) q.and(`s.department_id = ${q.p(f.departmentId)}`);
    if (f.q) q.and(`s.name ILIKE ${q.p(`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)}`);
    // every hash key still read (PiiCipher.hashes): rows hashed before a rotation are found too
    if (f.phoneHashes) q.and(`s.phone_hash = ANY(${q.p(f.phoneHashes)}::text[])`);
    if (f.after) q.and(`(s.name, s.id) > (${q.p(f.after[0])}, ${q.p(f.after[1])}::uuid)`);
    return this.ds.query(`SELECT ${STAFF_COLS} FROM registry.staff s ${q.where()} ORDER BY s.name, s.id LIMIT ${q.p(f.limit)}`, q.params);
  }

  async findVisible(id: string, scope: string, m: Q = this.ds): Promise<StaffRow | null> {
    const rows = await m.query(`SELECT ${STAFF_COLS} FROM registry.staff s WHERE s.id = $2 AND ${VISIBLE('$1')}`, [scope, id]);
    return rows[0] ?? null;
  }

  async currentAssignments(staffIds: string[], m: Q = this.ds): Promise<AssignmentRow[]> {
    if (staffIds.length === 0) return [];
    return m.query(
      `SELECT a.id, a.staff_id, a.grid_id, trim(g.code) AS grid_code, g.name AS grid_name, g.level AS grid_level, a.grid_path::text AS grid_path,
              a.role, a.role_group, a.department_id, a.valid_from
       FROM registry.staff_assignments a JOIN registry.grids g ON g.id = a.grid_id
       WHERE a.staff_id = ANY($1::uuid[]) AND a.valid_to IS NULL ORDER BY a.grid_path, a.role`,
      [staffIds],
    );
  }

  async insert(m: Q, s: { name: string; gender: string | null; phoneEnc: string | null; phoneHash: string | null; partyMember: boolean; departmentId: string | null; accountId: string | null; homePath: string }): Promise<string> {
    const rows = await m.query(
      `INSERT INTO registry.staff (name, gender, phone_enc, phone_hash, party_member, department_id, account_id, home_path)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::ltree) RETURNING id`,
      [s.name, s.gender, s.phoneEnc, s.phoneHash, s.partyMember, s.departmentId, s.accountId, s.homePath],
    );
    return rows[0].id;
  }

  async update(m: Q, id: string, s: { name?: string; phoneEnc?: string; phoneHash?: string; partyMember?: boolean; accountId?: string }): Promise<void> {
    await m.query(
      `UPDATE registry.staff SET name = coalesce($2, name), phone_enc = coalesce($3, phone_enc), phone_hash = coalesce($4, phone_hash),
         party_member = coalesce($5, party_member), account_id = coalesce($6, account_id), updated_at = now() WHERE id = $1`,
      [id, s.name ?? null, s.phoneEnc ?? null, s.phoneHash ?? null, s.partyMember ?? null, s.accountId ?? null],
    );
  }

  /** The current head's post on a grid, locked. */
  async currentHead(m: Q, gridId: string): Promise<{ id: string; staff_id: string } | null> {
    const rows = await m.query(`SELECT id, staff_id FROM registry.staff_assignments WHERE grid_id = $1 AND role = 'grid_head' AND valid_to IS NULL FOR UPDATE`, [gridId]);
    return rows[0] ?? null;
  }

  async assign(m: Q, a: { staffId: string; gridId: string; gridPath: string; role: string; group: string; departmentId: string | null; createdBy: string | null }): Promise<string> {
    const rows = await m.query(
      `INSERT INTO registry.staff_assignments (staff_id, grid_id, grid_path, role, role_group, department_id, created_by)
       VALUES ($1, $2, $3::ltree, $4, $5, $6, $7) RETURNING id`,
      [a.staffId, a.gridId, a.gridPath, a.role, a.group, a.departmentId, a.createdBy],
    );
    return rows[0].id;
  }

  async endAssignment(m: Q, id: string): Promise<Date | null> {
    const rows = returnedRows<{ valid_to: Date }>(await m.query(`UPDATE registry.staff_assignments SET valid_to = now() WHERE id = $1 AND valid_to IS NULL RETURNING valid_to`, [id]));
    return rows[0]?.valid_to ?? null;
  }

  async assignmentInScope(m: Q, id: string, scope: string): Promise<{ id: string; staff_id: string; grid_id: string; grid_path: string; role: string } | null> {
    const rows = await m.query(
      `SELECT id, staff_id, grid_id, grid_path::text AS grid_path, role FROM registry.staff_assignments WHERE id = $1 AND grid_path <@ $2::ltree AND valid_to IS NULL FOR UPDATE`,
      [id, scope],
    );
    return rows[0] ?? null;
  }

  /** The staff behind these accounts, in the scope (the name directory: names only). */
  async namesOfAccounts(accountIds: string[], scope: string): Promise<{ account_id: string; staff_id: string; name: string }[]> {
    return this.ds.query(
      `SELECT DISTINCT ON (s.account_id) s.account_id, s.id AS staff_id, s.name
       FROM registry.staff s WHERE s.account_id = ANY($1::uuid[]) AND s.home_path <@ $2::ltree
       ORDER BY s.account_id, s.id`,
      [accountIds, scope],
    );
  }

  /** Everyone currently on one grid. */
  async onGrid(gridId: string): Promise<(StaffRow & { assignment_id: string; role: string; role_group: string; a_department_id: string | null; valid_from: Date })[]> {
    return this.ds.query(
      `SELECT ${STAFF_COLS}, a.id AS assignment_id, a.role, a.role_group, a.department_id AS a_department_id, a.valid_from
       FROM registry.staff_assignments a JOIN registry.staff s ON s.id = a.staff_id
       WHERE a.grid_id = $1 AND a.valid_to IS NULL
       ORDER BY CASE a.role_group WHEN 'head' THEN 0 WHEN 'x' THEN 1 WHEN 'y' THEN 2 WHEN 'forces' THEN 3 ELSE 4 END, a.role, s.name`,
      [gridId],
    );
  }

  /** The head of the grid and of each ancestor grid of level 1-3, nearest first (L3 → L2 → L1). */
  async headChain(gridId: string): Promise<{ staff_id: string; name: string; role: string; grid_id: string; grid_level: string; phone_enc: string | null; account_id: string | null }[]> {
    return this.ds.query(
      `SELECT s.id AS staff_id, s.name, a.role, g.id AS grid_id, g.level AS grid_level, s.phone_enc, s.account_id
       FROM registry.grids t
       JOIN registry.grids g ON g.path @> t.path AND g.level IN ('community', 'compound', 'building_cluster')
       JOIN registry.staff_assignments a ON a.grid_id = g.id AND a.role = 'grid_head' AND a.valid_to IS NULL
       JOIN registry.staff s ON s.id = a.staff_id
       WHERE t.id = $1 ORDER BY nlevel(g.path) DESC`,
      [gridId],
    );
  }
}
