import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { returnedRows } from '../shared/access';

type Q = Pick<EntityManager, 'query'>;

export interface DepartmentRow {
  id: string;
  code: string;
  name: string;
  full_name: string;
  district_path: string;
  key_areas: string[];
  linked_grids: number;
  seconded_staff: number;
}

/**
 * Departments belong to a district; a caller sees those of the districts above or inside their
 * scope (a street commander sees their district's departments), with link counts in their scope.
 */
@Injectable()
export class DepartmentRepository {
  constructor(private readonly ds: DataSource) {}

  async list(scope: string, f: { keyArea?: string; q?: string; id?: string; limit: number }, m: Q = this.ds): Promise<DepartmentRow[]> {
    return m.query(
      `SELECT d.id, d.code, d.name, d.full_name, d.district_path::text AS district_path, d.key_areas,
         (SELECT count(DISTINCT l.grid_id)::int FROM registry.department_links l WHERE l.department_id = d.id AND l.valid_to IS NULL AND l.grid_path <@ $1::ltree) AS linked_grids,
         (SELECT count(DISTINCT l.staff_id)::int FROM registry.department_links l WHERE l.department_id = d.id AND l.valid_to IS NULL AND l.grid_path <@ $1::ltree) AS seconded_staff
       FROM registry.departments d
       WHERE (d.district_path @> $1::ltree OR d.district_path <@ $1::ltree)
         AND ($2::text IS NULL OR $2 = ANY(d.key_areas))
         AND ($3::text IS NULL OR d.name ILIKE '%' || $3 || '%' OR d.full_name ILIKE '%' || $3 || '%')
         AND ($4::uuid IS NULL OR d.id = $4)
       ORDER BY d.code LIMIT $5`,
      [scope, f.keyArea ?? null, f.q ?? null, f.id ?? null, f.limit],
    );
  }

  async insert(m: Q, d: { code: string; name: string; fullName: string; districtPath: string; keyAreas: string[] }): Promise<string> {
    const rows = await m.query(
      `INSERT INTO registry.departments (code, name, full_name, district_path, key_areas) VALUES ($1, $2, $3, $4::ltree, $5::text[]) RETURNING id`,
      [d.code, d.name, d.fullName, d.districtPath, d.keyAreas],
    );
    return rows[0].id;
  }

  async link(m: Q, l: { departmentId: string; gridId: string; gridPath: string; staffId: string; assignmentId: string }): Promise<{ id: string; valid_from: Date }> {
    const rows = await m.query(
      `INSERT INTO registry.department_links (department_id, grid_id, grid_path, staff_id, assignment_id) VALUES ($1, $2, $3::ltree, $4, $5) RETURNING id, valid_from`,
      [l.departmentId, l.gridId, l.gridPath, l.staffId, l.assignmentId],
    );
    return rows[0];
  }

  async unlink(m: Q, id: string, scope: string): Promise<{ valid_to: Date; assignment_id: string | null } | null> {
    const rows = returnedRows<{ valid_to: Date; assignment_id: string | null }>(await m.query(
      `UPDATE registry.department_links SET valid_to = now() WHERE id = $1 AND grid_path <@ $2::ltree AND valid_to IS NULL RETURNING valid_to, assignment_id`,
      [id, scope],
    ));
    return rows[0] ?? null;
  }

  /** Departments answering for a grid: linked to it or to an ancestor (its level-2 grid), with their seconded staff. */
  async forGrid(gridId: string): Promise<{ department_id: string; code: string; name: string; key_areas: string[]; via_grid_id: string; staff_id: string; staff_name: string; phone_enc: string | null }[]> {
    return this.ds.query(
      `SELECT d.id AS department_id, d.code, d.name, d.key_areas, l.grid_id AS via_grid_id, s.id AS staff_id, s.name AS staff_name, s.phone_enc
       FROM registry.grids t
       JOIN registry.department_links l ON l.grid_path @> t.path AND l.valid_to IS NULL
       JOIN registry.departments d ON d.id = l.department_id
       JOIN registry.staff s ON s.id = l.staff_id
       WHERE t.id = $1 ORDER BY d.code, s.name`,
      [gridId],
    );
  }
}
