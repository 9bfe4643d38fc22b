import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlParams } from '@grid122/persistence';
import { monthDate } from '../common/month';
import { ViewScope } from '../common/scope';

export interface ScoreRow {
  month: string;
  kind: 'person' | 'grid';
  subject: string;
  name: string;
  gridPath: string;
  personKind: string | null;
  departmentId: string | null;
  planId: string;
  planGrade: string;
  planVersion: number;
  total: number;
  outcome: number;
  satisfactionPoints: number;
  satisfactionRate: number;
  satisfactionBasis: 'surveys' | 'democratic' | 'both' | 'neutral';
  tier: number;
  reward: number;
  breakdown: { rules: { key: string; labelZh: string; labelEn: string; value: number; points: number; weight: number }[]; tierLabel: { zh: string; en: string } };
  indicators: Record<string, number>;
  computedAt: string;
}

const COLS = `to_char(month, 'YYYY-MM') AS month, subject_kind AS kind, subject, name, grid_path::text AS "gridPath", person_kind AS "personKind",
  department_id AS "departmentId", plan_id AS "planId", plan_grade AS "planGrade", plan_version AS "planVersion", total::float AS total,
  outcome::float AS outcome, satisfaction_points::float AS "satisfactionPoints", satisfaction_rate::float AS "satisfactionRate",
  satisfaction_basis AS "satisfactionBasis", tier, reward, breakdown, indicators, computed_at AS "computedAt"`;

export interface Subjects {
  persons: { personId: string; name: string; kind: string; gridPath: string; departmentId: string | null }[];
  grids: Map<string, { name: string | null; grade: string }>;
}

@Injectable()
export class ScoreRepository {
  constructor(private readonly ds: DataSource) {}

  /** Everyone and every grid to score: the roster, and whoever / wherever has indicators this month. */
  async subjects(m: EntityManager, month: string): Promise<Subjects> {
    const persons = await m.query(
      `SELECT a.person_id AS "personId", a.name, a.kind, a.grid_path::text AS "gridPath", a.department_id AS "departmentId" FROM appraisees a`,
    );
    const grids: { path: string; name: string | null; grade: string }[] = await m.query(
      `SELECT path::text AS path, name, grade FROM grids
       UNION
       SELECT DISTINCT v.subject, NULL, 'B' FROM indicator_values v
        WHERE v.month = $1 AND v.subject_kind = 'grid' AND NOT EXISTS (SELECT 1 FROM grids g WHERE g.path::text = v.subject)`,
      [monthDate(month)],
    );
    return { persons, grids: new Map(grids.map((g) => [g.path, { name: g.name, grade: g.grade }])) };
  }

  async replaceMonth(m: EntityManager, month: string, rows: ScoreRow[]): Promise<void> {
    await m.query(`DELETE FROM scores WHERE month = $1`, [monthDate(month)]);
    const chunk = 500;
    for (let i = 0; i < rows.length; i += chunk) {
      const part = rows.slice(i, i + chunk);
      const values: unknown[] = [];
      const tuples = part.map((r, j) => {
        const b = j * 20;
        values.push(monthDate(month), r.kind, r.subject, r.name, r.gridPath, r.personKind, r.departmentId, r.planId, r.planGrade, r.planVersion, r.total, r.outcome, r.satisfactionPoints, r.satisfactionRate, r.satisfactionBasis, r.tier, r.reward, JSON.stringify(r.breakdown), JSON.stringify(r.indicators), new Date().toISOString());
        return `(${Array.from({ length: 20 }, (_, k) => `$${b + k + 1}${k === 4 ? '::ltree' : ''}`).join(',')})`;
      });
      await m.query(
        `INSERT INTO scores (month, subject_kind, subject, name, grid_path, person_kind, department_id, plan_id, plan_grade, plan_version, total, outcome,
           satisfaction_points, satisfaction_rate, satisfaction_basis, tier, reward, breakdown, indicators, computed_at) VALUES ${tuples.join(',')}`,
        values,
      );
    }
  }

  /** Scores of a month within a view scope, best first. */
  async list(month: string, scope: ViewScope, f: { kind?: string; personId?: string; gridPath?: string; personKind?: string; depth?: number; limit?: number }): Promise<ScoreRow[]> {
    const q = new SqlParams();
    q.and(`month = ${q.p(monthDate(month))}`).under('grid_path', scope.path);
    if (scope.personId) q.and(`subject_kind = 'person' AND subject = ${q.p(scope.personId)}`);
    if (scope.departmentId) q.and(`subject_kind = 'person' AND department_id = ${q.p(scope.departmentId)}`);
    if (f.kind) q.and(`subject_kind = ${q.p(f.kind)}`);
    if (f.personId) q.and(`subject_kind = 'person' AND subject = ${q.p(f.personId)}`);
    if (f.personKind) q.and(`person_kind = ${q.p(f.personKind)}`);
    if (f.depth) q.and(`subject_kind = 'grid' AND nlevel(grid_path) = ${q.p(f.depth)}`);
    return this.ds.query(`SELECT ${COLS} FROM scores ${q.where()} ORDER BY total DESC, subject LIMIT ${q.p(f.limit ?? 10000)}`, q.params);
  }

  async history(kind: string, subject: string, year: number): Promise<ScoreRow[]> {
    return this.ds.query(
      `SELECT ${COLS} FROM scores WHERE subject_kind = $1 AND subject = $2 AND month >= make_date($3, 1, 1) AND month < make_date($3 + 1, 1, 1) ORDER BY month`,
      [kind, subject, year],
    );
  }

  /** Every score of a year within a scope (year-end), ordered by subject then month. */
  async year(year: number, kind: 'person' | 'grid', scope: ViewScope, depth?: number): Promise<ScoreRow[]> {
    const q = new SqlParams();
    const y = q.p(year);
    q.and(`month >= make_date(${y}, 1, 1) AND month < make_date(${y} + 1, 1, 1)`).and(`subject_kind = ${q.p(kind)}`).under('grid_path', scope.path);
    if (scope.personId) q.and(`subject = ${q.p(scope.personId)}`);
    if (scope.departmentId) q.and(`department_id = ${q.p(scope.departmentId)}`);
    if (depth) q.and(`nlevel(grid_path) = ${q.p(depth)}`);
    return this.ds.query(`SELECT ${COLS} FROM scores ${q.where()} ORDER BY subject, month`, q.params);
  }

  async gridNames(paths: string[]): Promise<Map<string, string>> {
    if (!paths.length) return new Map();
    const rows: { path: string; name: string | null }[] = await this.ds.query(`SELECT path::text AS path, name FROM grids WHERE path::text = ANY($1)`, [paths]);
    return new Map(rows.filter((r) => r.name).map((r) => [r.path, r.name as string]));
  }
}
