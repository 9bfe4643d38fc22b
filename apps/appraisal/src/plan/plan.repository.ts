import { Injectable } from '@nestjs/common';
import { CreatePlanVersion, PlanVersionView } from '@grid122/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { monthDate } from '../common/month';

/** A plan version as stored: its view's fields but the derived activityPoints (rule-engine's activityPoints(rules)). */
export type PlanRow = Omit<PlanVersionView, 'activityPoints'>;

const SELECT = `
  SELECT p.id, p.grade, p.version, to_char(p.valid_from, 'YYYY-MM') AS "validFrom",
         to_char(lead(p.valid_from) OVER (PARTITION BY p.grade ORDER BY p.valid_from), 'YYYY-MM') AS "validUntil",
         p.name, p.note, p.rules, p.satisfaction, p.tiers, p.excellent_min::float AS "excellentMin",
         p.created_at AS "createdAt", p.created_by AS "createdBy"
    FROM score_plans p`;

/** Plan versions (append-only) and the grade of each level-2 grid. */
@Injectable()
export class PlanRepository {
  constructor(private readonly ds: DataSource) {}

  async all(grade?: string): Promise<PlanRow[]> {
    const rows: PlanRow[] = await this.ds.query(`${SELECT} ${grade ? 'WHERE p.grade = $1' : ''} ORDER BY p.grade, p.version`, grade ? [grade] : []);
    return rows.map(fix);
  }

  /** The versions in force in a month, one per grade. */
  async inForce(month: string, m?: EntityManager): Promise<Map<string, PlanRow>> {
    const rows: PlanRow[] = await (m ?? this.ds.manager).query(
      `SELECT * FROM (${SELECT}) x WHERE x."validFrom" <= $1 AND (x."validUntil" IS NULL OR x."validUntil" > $1)`,
      [month],
    );
    return new Map(rows.map((r) => [r.grade, fix(r)]));
  }

  async byId(id: string): Promise<PlanRow | null> {
    const rows: PlanRow[] = await this.ds.query(`SELECT * FROM (${SELECT}) x WHERE x.id = $1`, [id]);
    return rows[0] ? fix(rows[0]) : null;
  }

  /** Inserts the next version of a grade's plan; the version number is taken under a lock on the grade. */
  async insertVersion(m: EntityManager, req: CreatePlanVersion.Request, createdBy: string): Promise<string> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('appraisal.plan'), hashtext($1))`, [req.grade]);
    const rows: { id: string }[] = await m.query(
      `INSERT INTO score_plans (grade, version, valid_from, name, note, rules, satisfaction, tiers, excellent_min, created_by)
       SELECT $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6, $7, $8, $9 FROM score_plans WHERE grade = $1
       RETURNING id`,
      [req.grade, monthDate(req.validFrom), req.name, req.note ?? null, JSON.stringify(req.rules), JSON.stringify(req.satisfaction), JSON.stringify(req.tiers), req.excellentMin, createdBy],
    );
    return rows[0].id;
  }

  async existsFrom(m: EntityManager, grade: string, validFrom: string): Promise<boolean> {
    const rows: unknown[] = await m.query(`SELECT 1 FROM score_plans WHERE grade = $1 AND valid_from = $2`, [grade, monthDate(validFrom)]);
    return rows.length > 0;
  }

  async countAll(): Promise<number> {
    const rows: { n: string }[] = await this.ds.query(`SELECT count(*) AS n FROM score_plans`);
    return Number(rows[0].n);
  }

  async setGridGrade(gridPath: string, grade: string, name: string | null): Promise<{ gridPath: string; grade: string; name: string | null }> {
    const rows: { path: string; grade: string; name: string | null }[] = await this.ds.query(
      `INSERT INTO grids (path, grade, name) VALUES ($1::ltree, $2, $3)
       ON CONFLICT (path) DO UPDATE SET grade = EXCLUDED.grade, name = coalesce(EXCLUDED.name, grids.name), updated_at = now()
       RETURNING path::text AS path, grade, name`,
      [gridPath, grade, name],
    );
    return { gridPath: rows[0].path, grade: rows[0].grade, name: rows[0].name };
  }
}

function fix(r: PlanRow): PlanRow {
  return { ...r, version: Number(r.version), createdAt: new Date(r.createdAt).toISOString() };
}
