import { Injectable } from '@nestjs/common';
import { SqlParams } from '@grid122/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { WARNING_HIGH_RISK_FOLLOW_UP_DAYS, WarningLevel } from '@grid122/contracts';

export interface SpecialPersonRow {
  id: string;
  /** In clear only on a row written before the registers were protected (special-categories.ts). */
  category: string | null;
  category_enc: string | null;
  category_hash: string | null;
  name: string;
  id_number: string | null;
  phone: string | null;
  gender: string | null;
  grid_path: string;
  grid_id: string | null;
  building_id: string | null;
  risk_level: string;
  responsible_worker_id: string | null;
  responsible_worker_name: string | null;
  registered_at: Date;
  last_follow_up_at: Date | null;
  active: boolean;
  note: string | null;
  base_days: number;
  interval_days: number;
  next_due_at: Date;
  overdue: boolean;
}

export interface FollowUpRow {
  id: string;
  person_id: string;
  visited_at: Date;
  method: string;
  visitor_id: string;
  visitor_name: string;
  situation: string;
  anomaly: boolean;
  risk_level_after: string | null;
  late: boolean;
}

/** `{7,3,2,1}`: the high-risk interval under a warning of level 1..4, indexable in SQL. */
const WARNING_DAYS = `'{${[WarningLevel.Blue, WarningLevel.Yellow, WarningLevel.Orange, WarningLevel.Red].map((l) => WARNING_HIGH_RISK_FOLLOW_UP_DAYS[l]).join(',')}}'::int[]`;

/**
 * The follow-up interval in force for each person: their own (or their register's, by risk), made
 * tighter while a stability warning covers their grid — high risk per the warning level, medium
 * risk weekly from orange up. `next_due_at` and `overdue` follow from it.
 */
const PEOPLE = `
  SELECT x.*,
         COALESCE(x.last_follow_up_at, x.registered_at) + make_interval(days => x.interval_days) AS next_due_at,
         (x.active AND COALESCE(x.last_follow_up_at, x.registered_at) + make_interval(days => x.interval_days) < now()) AS overdue
    FROM (
      SELECT p.id, p.category, p.category_enc, p.category_hash, p.name, p.id_number, p.phone, p.gender, p.grid_path AS grid_ltree, p.grid_path::text AS grid_path, p.grid_id,
             p.building_id, p.risk_level, p.responsible_worker_id, p.responsible_worker_name, p.registered_at, p.last_follow_up_at,
             p.active, p.note, b.base_days, LEAST(b.base_days, COALESCE(w.days, b.base_days)) AS interval_days
        FROM petitions.special_people p
        -- the register's cadence is kept on the row; a row still in clear (written before) finds it by its code
        LEFT JOIN petitions.population_categories c ON p.category IS NOT NULL AND c.code = p.category
        CROSS JOIN LATERAL (SELECT COALESCE(p.follow_up_days, CASE WHEN p.risk_level = 'high' THEN COALESCE(p.category_high_risk_follow_up_days, c.high_risk_follow_up_days)
                                                                   ELSE COALESCE(p.category_follow_up_days, c.follow_up_days) END) AS base_days) b
        LEFT JOIN LATERAL (
          SELECT min(CASE WHEN p.risk_level = 'high' THEN (${WARNING_DAYS})[sw.level]
                          WHEN p.risk_level = 'medium' AND sw.level >= 3 THEN 7 END) AS days
            FROM petitions.warning_grids g
            JOIN petitions.stability_warnings sw ON sw.id = g.warning_id
           WHERE sw.state = 'active' AND sw.starts_at <= now() AND sw.ends_at > now() AND p.grid_path <@ g.grid_path
        ) w ON true
    ) x`;

/** Every query on the special-population registers and their follow-up visits. */
@Injectable()
export class PopulationRepository {
  constructor(private readonly ds: DataSource) {}

  categories(m: EntityManager = this.ds.manager): Promise<{ code: string; zh: string; en: string; follow_up_days: number; high_risk_follow_up_days: number; built_in: boolean }[]> {
    return m.query(`SELECT * FROM petitions.population_categories ORDER BY built_in DESC, code`);
  }

  /** Defines or changes a register; its cadence is written onto the rows on it (`categoryHashes`: their blind index). */
  async upsertCategory(m: EntityManager, c: { code: string; zh: string; en: string; followUpDays: number; highRiskFollowUpDays: number }, categoryHashes: string[]): Promise<void> {
    await m.query(
      `UPDATE petitions.special_people SET category_follow_up_days = $2, category_high_risk_follow_up_days = $3 WHERE category_hash = ANY($1::text[])`,
      [categoryHashes, c.followUpDays, c.highRiskFollowUpDays],
    );
    await m.query(
      `INSERT INTO petitions.population_categories (code, zh, en, follow_up_days, high_risk_follow_up_days) VALUES ($1,$2,$3,$4,$5)
       ON CONFLICT (code) DO UPDATE SET zh = EXCLUDED.zh, en = EXCLUDED.en, follow_up_days = EXCLUDED.follow_up_days, high_risk_follow_up_days = EXCLUDED.high_risk_follow_up_days`,
      [c.code, c.zh, c.en, c.followUpDays, c.highRiskFollowUpDays],
    );
  }

  async insert(m: EntityManager, r: Record<string, unknown>): Promise<string> {
    const cols = Object.keys(r);
    const [{ id }] = await m.query(
      `INSERT INTO petitions.special_people (${cols.map((c) => `"${c}"`).join(',')}) VALUES (${cols.map((c, i) => (c === 'grid_path' ? `$${i + 1}::ltree` : `$${i + 1}`)).join(',')}) RETURNING id`,
      Object.values(r),
    );
    return id;
  }

  async get(id: string, m: EntityManager = this.ds.manager): Promise<SpecialPersonRow | null> {
    const rows = await m.query(`${PEOPLE} WHERE x.id = $1`, [id]);
    return rows[0] ?? null;
  }

  async lock(m: EntityManager, id: string): Promise<void> {
    await m.query(`SELECT 1 FROM petitions.special_people WHERE id = $1 FOR UPDATE`, [id]);
  }

  /** `categoryHashes`: the blind-index values of the asked register (special-categories.ts). */
  async list(f: { scope: string; categoryHashes?: string[]; riskLevel?: string; overdue?: boolean; limit: number; offset: number }): Promise<{ rows: SpecialPersonRow[]; total: number }> {
    const q = new SqlParams().and('x.active');
    if (f.scope) q.under('x.grid_ltree', f.scope);
    if (f.categoryHashes) q.and(`x.category_hash = ANY(${q.p(f.categoryHashes)}::text[])`);
    if (f.riskLevel) q.and(`x.risk_level = ${q.p(f.riskLevel)}`);
    const outer = f.overdue ? `WHERE y.overdue` : '';
    const base = `SELECT * FROM (${PEOPLE} ${q.where()}) y ${outer}`;
    const [page, params] = q.page(f.limit, f.offset);
    const rows = await this.ds.query(`${base} ORDER BY y.next_due_at ASC, y.id ${page}`, params);
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM (${base}) z`, q.params);
    return { rows, total: n };
  }

  /**
   * Counts per register in a scope (what every reader may see), by blind index: `key` is the hash,
   * or the code of a row still in clear; the service names each (special-categories.ts).
   */
  counts(scope: string): Promise<{ key: string; total: number; highRisk: number; overdue: number }[]> {
    return this.ds.query(
      `SELECT COALESCE(x.category_hash, x.category) AS key, count(*)::int AS total, count(*) FILTER (WHERE x.risk_level = 'high')::int AS "highRisk", count(*) FILTER (WHERE x.overdue)::int AS overdue
         FROM (${PEOPLE} WHERE x.active AND ($1 = '' OR x.grid_ltree <@ NULLIF($1, '')::ltree)) x
        GROUP BY 1`,
      [scope],
    );
  }

  /** All active people in a scope, for the export (identities stay ciphertext until the writer). */
  async all(scope: string, categoryHashes?: string[]): Promise<SpecialPersonRow[]> {
    return this.ds.query(
      `SELECT * FROM (${PEOPLE} WHERE x.active AND ($1 = '' OR x.grid_ltree <@ NULLIF($1, '')::ltree) AND ($2::text[] IS NULL OR x.category_hash = ANY($2::text[]))) y ORDER BY y.grid_path, y.id`,
      [scope, categoryHashes ?? null],
    );
  }

  async update(m: EntityManager, id: string, patch: Record<string, unknown>): Promise<void> {
    const q = new SqlParams();
    await m.query(`UPDATE petitions.special_people SET ${q.sets(patch)} WHERE id = ${q.p(id)}`, q.params);
  }

  async insertFollowUp(m: EntityManager, f: { personId: string; visitedAt: Date; method: string; visitorId: string; visitorName: string; situation: string; anomaly: boolean; riskLevelAfter: string | null; late: boolean; gridPath: string }): Promise<string> {
    const [{ id }] = await m.query(
      `INSERT INTO petitions.follow_ups (person_id, visited_at, method, visitor_id, visitor_name, situation, anomaly, risk_level_after, late, grid_path)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10::ltree) RETURNING id`,
      [f.personId, f.visitedAt, f.method, f.visitorId, f.visitorName, f.situation, f.anomaly, f.riskLevelAfter, f.late, f.gridPath],
    );
    return id;
  }

  followUps(personId: string, limit = 50): Promise<FollowUpRow[]> {
    return this.ds.query(`SELECT * FROM petitions.follow_ups WHERE person_id = $1 ORDER BY visited_at DESC LIMIT $2`, [personId, limit]);
  }
}
