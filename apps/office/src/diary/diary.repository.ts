import { Injectable } from '@nestjs/common';
import { SqlParams } from '@grid122/persistence';
import { DataSource, EntityManager } from 'typeorm';

export interface DiaryRow {
  id: string;
  author_id: string;
  author_name: string | null;
  grid_id: string | null;
  grid_path: string;
  community_path: string | null;
  street_path: string | null;
  date: string;
  route: string;
  buildings: string[];
  households_visited: number;
  notes: string | null;
  incident_ids: string[];
  created_at: Date;
}

export type NewDiary = Omit<DiaryRow, 'id' | 'incident_ids' | 'created_at'>;

/** A page of diaries under a grid path, newest first: days (`YYYY-MM-DD`) from and to, after a keyset cursor; `limit + 1` rows. */
export interface DiaryListFilter {
  root: string;
  from?: string;
  to?: string;
  cursor: { date: string; id: string } | null;
  limit: number;
}

const COLUMNS = `id, author_id, author_name, grid_id, grid_path::text AS grid_path, community_path::text AS community_path,
  street_path::text AS street_path, to_char(date, 'YYYY-MM-DD') AS date, route, buildings, households_visited, notes, incident_ids, created_at`;

/** office.diaries (民情日志): every query of the diaries. */
@Injectable()
export class DiaryRepository {
  constructor(private readonly ds: DataSource) {}

  async insert(m: EntityManager, d: NewDiary): Promise<string> {
    const [{ id }]: { id: string }[] = await m.query(
      `INSERT INTO office.diaries (author_id, author_name, grid_id, grid_path, community_path, street_path, date, route, buildings, households_visited, notes)
       VALUES ($1,$2,$3,$4::ltree,$5::ltree,$6::ltree,$7,$8,$9,$10,$11) RETURNING id`,
      [d.author_id, d.author_name, d.grid_id, d.grid_path, d.community_path, d.street_path, d.date, d.route, d.buildings, d.households_visited, d.notes],
    );
    return id;
  }

  /** The incidents the diary's problems became (filed in the same transaction). */
  async setIncidents(m: EntityManager, id: string, incidentIds: string[]): Promise<void> {
    await m.query(`UPDATE office.diaries SET incident_ids = $2 WHERE id = $1`, [id, incidentIds]);
  }

  async get(m: EntityManager, id: string): Promise<DiaryRow> {
    const [row]: DiaryRow[] = await m.query(`SELECT ${COLUMNS} FROM office.diaries WHERE id = $1`, [id]);
    return row;
  }

  async list(f: DiaryListFilter): Promise<DiaryRow[]> {
    const q = new SqlParams().under('grid_path', f.root);
    if (f.from) q.and(`date >= ${q.p(f.from)}::date`);
    if (f.to) q.and(`date <= ${q.p(f.to)}::date`);
    const page = q.keysetDesc([['date', 'date'], ['id', 'uuid']], f.cursor ? [f.cursor.date, f.cursor.id] : null, f.limit + 1);
    return this.ds.query(`SELECT ${COLUMNS} FROM office.diaries ${q.where()} ${page}`, q.params);
  }
}
