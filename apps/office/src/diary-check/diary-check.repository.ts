import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlParams } from '@grid122/persistence';

type Q = Pick<EntityManager, 'query'>;

export interface CheckRow {
  id: string;
  month: string;
  diary_id: string;
  diary_date: string;
  diary_grid_path: string;
  route: string;
  households_visited: number;
  notes: string | null;
  problems_found: number;
  author_id: string;
  author_name: string | null;
  grid_path: string;
  drawn_at: Date;
  drawn_by_name: string | null;
  grade: string | null;
  points: number | null;
  comment: string | null;
  graded_at: Date | null;
  graded_by_name: string | null;
}

export interface DiaryLite {
  id: string;
  author_id: string;
  author_name: string | null;
  grid_path: string;
  date: string;
}

const CHECK_COLS = `c.id, c.month, c.diary_id, to_char(d.date, 'YYYY-MM-DD') AS diary_date, d.grid_path::text AS diary_grid_path, d.route,
  d.households_visited, d.notes, cardinality(d.incident_ids) AS problems_found, c.author_id, c.author_name, c.grid_path::text AS grid_path,
  c.drawn_at, c.drawn_by_name, c.grade, c.points, c.comment, c.graded_at, c.graded_by_name`;

/** Every query of the diary spot-checks (民情日志抽查) and reviews (讲评). */
@Injectable()
export class DiaryCheckRepository {
  constructor(private readonly ds: DataSource) {}

  /** Diaries of some days under a root: id, author, grid and date. */
  diaries(root: string, from: string, to: string, q: Q = this.ds): Promise<DiaryLite[]> {
    return q.query(
      `SELECT id, author_id, author_name, grid_path::text AS grid_path, to_char(date, 'YYYY-MM-DD') AS date
         FROM office.diaries WHERE grid_path <@ $1::ltree AND date BETWEEN $2::date AND $3::date ORDER BY date, id`,
      [root, from, to],
    );
  }

  checks(f: { root: string; month?: string; state?: string; authorId?: string; id?: string }, q: Q = this.ds): Promise<CheckRow[]> {
    const w = new SqlParams().under('c.grid_path', f.root);
    if (f.month) w.and(`c.month = ${w.p(f.month)}`);
    if (f.state === 'pending') w.and('c.grade IS NULL');
    if (f.state === 'graded') w.and('c.grade IS NOT NULL');
    if (f.authorId) w.and(`c.author_id = ${w.p(f.authorId)}`);
    if (f.id) w.and(`c.id = ${w.p(f.id)}`);
    return q.query(`SELECT ${CHECK_COLS} FROM office.diary_checks c JOIN office.diaries d ON d.id = c.diary_id ${w.where()} ORDER BY c.month DESC, d.date, c.id LIMIT 2000`, w.params);
  }

  /** Inserts drawn checks; a diary drawn twice (two supervisors at once) keeps the first. */
  async insertChecks(m: Q, month: string, diaries: DiaryLite[], by: { id: string; name: string | null }): Promise<string[]> {
    if (!diaries.length) return [];
    const rows: { id: string }[] = await m.query(
      `INSERT INTO office.diary_checks (diary_id, month, author_id, author_name, grid_path, drawn_by, drawn_by_name)
       SELECT d.id, $2, d.author_id, d.author_name, d.grid_path, $3, $4 FROM office.diaries d WHERE d.id = ANY($1::uuid[])
       ON CONFLICT (diary_id) DO NOTHING RETURNING id`,
      [diaries.map((d) => d.id), month, by.id, by.name],
    );
    return rows.map((r) => r.id);
  }

  async grade(m: Q, id: string, g: { grade: string; points: number; comment: string; byId: string; byName: string | null }): Promise<boolean> {
    const res = await m.query(
      `UPDATE office.diary_checks SET grade = $2, points = $3, comment = $4, graded_at = now(), graded_by = $5, graded_by_name = $6
        WHERE id = $1 AND grade IS NULL RETURNING id`,
      [id, g.grade, g.points, g.comment, g.byId, g.byName],
    );
    const rows = Array.isArray(res) && Array.isArray(res[0]) ? res[0] : res;
    return rows.length === 1;
  }

  async review(month: string, root: string, q: Q = this.ds): Promise<{ published_at: Date } | null> {
    const [row] = await q.query(`SELECT published_at FROM office.diary_reviews WHERE month = $1 AND root = $2::ltree`, [month, root]);
    return row ?? null;
  }

  async publish(m: Q, month: string, root: string, byId: string): Promise<boolean> {
    const rows: unknown[] = await m.query(`INSERT INTO office.diary_reviews (month, root, published_by) VALUES ($1, $2::ltree, $3) ON CONFLICT DO NOTHING RETURNING month`, [month, root, byId]);
    return rows.length === 1;
  }
}
