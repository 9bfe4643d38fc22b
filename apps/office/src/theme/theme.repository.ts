import { Injectable } from '@nestjs/common';
import { subtreeRange } from '@grid122/persistence';
import { DataSource } from 'typeorm';

export interface ThemeRow {
  id: string;
  root: string;
  month: string;
  title: string;
  category: string;
  key_area: string;
  places: string[];
  owner_name: string;
  units: string[];
  departments: string[];
  target_reduction_pct: number;
  deadline: string;
  note: string | null;
  evidence: unknown;
  adopted_by: string;
  adopted_by_name: string | null;
  adopted_at: Date;
}

export type NewThemeRow = Omit<ThemeRow, 'id' | 'adopted_at'>;

const COLS = `id, root::text AS root, month::text AS month, title, category, key_area, places::text[] AS places, owner_name, units, departments,
  target_reduction_pct, deadline::text AS deadline, note, evidence, adopted_by, adopted_by_name, adopted_at`;

export interface CategoryWindow {
  category: string;
  key_area: string;
  found: number;
  recurring: number;
  recurring_30d: number;
  places: number;
  communities: number;
}

/**
 * The category counters' scope (office.category_daily): `<@` and the range of the path's text its
 * B-tree serves (subtreeRange; docs/performance.md section 16); the path added to `params`.
 */
const under = (root: string, params: unknown[]) => subtreeRange('grid_path', root, (v) => `$${params.push(v)}`);
/** Inside any of the places' subtrees (`<@ ltree[]`): one range a place, FALSE for none. */
const underAny = (places: string[], params: unknown[]) => (places.length ? `(${places.map((p) => under(p, params)).join(' OR ')})` : 'FALSE');

/** Every query of the month's themes (每月一题). */
@Injectable()
export class ThemeRepository {
  constructor(private readonly ds: DataSource) {}

  /** The new theme's id, or null when the root already has this category's theme for the month. */
  async insert(t: NewThemeRow): Promise<string | null> {
    const rows: { id: string }[] = await this.ds.query(
      `INSERT INTO office.themes (root, month, title, category, key_area, places, owner_name, units, departments, target_reduction_pct, deadline, note, evidence, adopted_by, adopted_by_name)
       VALUES ($1::ltree, $2::date, $3, $4, $5, $6::ltree[], $7, $8, $9, $10, $11::date, $12, $13, $14, $15)
       ON CONFLICT (root, month, category) DO NOTHING RETURNING id`,
      [t.root, t.month, t.title, t.category, t.key_area, t.places, t.owner_name, t.units, t.departments, t.target_reduction_pct, t.deadline, t.note, t.evidence === null ? null : JSON.stringify(t.evidence), t.adopted_by, t.adopted_by_name],
    );
    return rows[0]?.id ?? null;
  }

  async get(id: string): Promise<ThemeRow | null> {
    const rows: ThemeRow[] = await this.ds.query(`SELECT ${COLS} FROM office.themes WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Themes under the root; with a month, those running in it (adopted for it or before, deadline not before its first day). */
  async list(root: string, month: string | null): Promise<ThemeRow[]> {
    return this.ds.query(
      `SELECT ${COLS} FROM office.themes WHERE root <@ $1::ltree AND ($2::date IS NULL OR (month <= $2::date AND deadline >= $2::date))
       ORDER BY month DESC, adopted_at DESC LIMIT 200`,
      [root, month],
    );
  }

  /** Reports and recurrences of a category at the places, per month, over the days [from, to]. */
  async monthly(category: string, places: string[], from: string, to: string): Promise<{ month: string; found: number; recurring: number }[]> {
    if (from > to) return [];
    const params: unknown[] = [category, from, to];
    return this.ds.query(
      `SELECT to_char(day, 'YYYY-MM') AS month, sum(found)::int AS found, sum(recurring)::int AS recurring
       FROM office.category_daily WHERE category = $1 AND ${underAny(places, params)} AND day >= $2::date AND day <= $3::date
       GROUP BY 1 ORDER BY 1`,
      params,
    );
  }

  /** The first day the ledger has counts for at the places (any category). */
  async firstDay(places: string[]): Promise<string | null> {
    const params: unknown[] = [];
    const rows: { d: string | null }[] = await this.ds.query(`SELECT min(day)::text AS d FROM office.category_daily WHERE ${underAny(places, params)}`, params);
    return rows[0]?.d ?? null;
  }

  /** Per category under the root over [from, to]: reports, recurrences, grids and communities affected. */
  async categoryWindow(root: string, from: string, to: string): Promise<CategoryWindow[]> {
    const params: unknown[] = [from, to];
    return this.ds.query(
      `SELECT category, min(key_area) AS key_area, sum(found)::int AS found, sum(recurring)::int AS recurring, sum(recurring_30d)::int AS recurring_30d,
         count(DISTINCT grid_path) FILTER (WHERE found > 0)::int AS places, count(DISTINCT community_path) FILTER (WHERE found > 0)::int AS communities
       FROM office.category_daily WHERE ${under(root, params)} AND day >= $1::date AND day <= $2::date
       GROUP BY category`,
      params,
    );
  }

  /** Weekly reports (Monday starts) per category under the root over [from, to]. */
  async weekly(root: string, categories: string[], from: string, to: string): Promise<{ category: string; week: string; found: number }[]> {
    const params: unknown[] = [categories, from, to];
    return this.ds.query(
      `SELECT category, date_trunc('week', day::timestamp)::date::text AS week, sum(found)::int AS found
       FROM office.category_daily WHERE ${under(root, params)} AND category = ANY($1::text[]) AND day >= $2::date AND day <= $3::date
       GROUP BY 1, 2`,
      params,
    );
  }

  /** Per category and L3 grid under the root over [from, to]. */
  async byGrid(root: string, categories: string[], from: string, to: string): Promise<{ category: string; grid_path: string; found: number; recurring: number }[]> {
    const params: unknown[] = [categories, from, to];
    return this.ds.query(
      `SELECT category, grid_path::text AS grid_path, sum(found)::int AS found, sum(recurring)::int AS recurring
       FROM office.category_daily WHERE ${under(root, params)} AND category = ANY($1::text[]) AND day >= $2::date AND day <= $3::date
       GROUP BY 1, 2`,
      params,
    );
  }

  /** Report and closure times of the closed problems of the categories under the root reported in [from, to] (their working-hours cost). */
  async closedTimes(root: string, categories: string[], from: string, to: string): Promise<{ category: string; reported_at: Date; closed_at: Date }[]> {
    const params: unknown[] = [categories, from, to];
    return this.ds.query(
      `SELECT category, reported_at, closed_at FROM office.incidents
       WHERE ${subtreeRange('grid_path', root, (v) => `$${params.push(v)}`)} AND category = ANY($1::text[]) AND state = 'closed' AND stats_day >= $2::date AND stats_day <= $3::date`,
      params,
    );
  }
}
