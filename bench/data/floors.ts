import { Client } from 'pg';
import { copyIn } from '@grid122/persistence';
import { round } from '../lib/stats';

/**
 * Postgres's own rate for the import's table: copies `n` closed incidents (new ids, codes and
 * source references; ids from the table's default, as the import's) in one INSERT … SELECT and
 * rolls it back. Every index, constraint and the table's size are those the import meets.
 */
export async function insertFloor(db: Client, n: number): Promise<{ seconds: number; perSecond: number }> {
  await db.query('BEGIN');
  try {
    const t = Date.now();
    await db.query(
      `INSERT INTO office.incidents (code, title, description, key_area, category, state, source, source_ref, grid_id, grid_path, location,
         address, reporter_name, closure_type, resolution_level, handled_ever, escalated_ever, stats_day, reported_at, registered_at, handled_at,
         closed_at, created_at, updated_at)
       SELECT code || '-F', title, description, key_area, category, state, 'district_platform', 'FLOOR-' || code, grid_id,
         grid_path, location, address, reporter_name, closure_type, resolution_level, handled_ever, escalated_ever, stats_day, reported_at,
         registered_at, handled_at, closed_at, now(), now()
       FROM office.incidents WHERE state = 'closed' LIMIT $1`,
      [n],
    );
    const seconds = (Date.now() - t) / 1000;
    return { seconds: round(seconds, 2), perSecond: round(n / seconds, 0) };
  } finally {
    await db.query('ROLLBACK');
  }
}

/**
 * Postgres's own bulk path for the import's table: COPY of `n` closed incidents (copies of existing
 * rows, new codes and source references; ids from the table's default) from STDIN, rolled back.
 * The rows are read first (not timed); the COPY alone is timed.
 */
export async function copyFloor(db: Client, n: number): Promise<{ seconds: number; perSecond: number }> {
  const cols = ['code', 'title', 'description', 'key_area', 'category', 'state', 'source', 'source_ref', 'grid_id', 'grid_path', 'location', 'address', 'reporter_name', 'closure_type', 'resolution_level', 'handled_ever', 'escalated_ever', 'stats_day', 'reported_at', 'registered_at', 'handled_at', 'closed_at', 'created_at', 'updated_at'];
  const { rows } = await db.query({
    text: `SELECT code || '-C', title, description, key_area, category, state, 'district_platform', 'COPY-' || code, grid_id::text, grid_path::text, location::text,
             address, reporter_name, closure_type, resolution_level, handled_ever::text, escalated_ever::text, stats_day::text, reported_at::text, registered_at::text,
             handled_at::text, closed_at::text, now()::text, now()::text
           FROM office.incidents WHERE state = 'closed' LIMIT $1`,
    values: [n],
    rowMode: 'array',
  });
  await db.query('BEGIN');
  try {
    const t = Date.now();
    const copied = await copyIn(db, `office.incidents (${cols.join(', ')})`, rows as (string | null)[][]);
    const seconds = (Date.now() - t) / 1000;
    return { seconds: round(seconds, 2), perSecond: round(copied / seconds, 0) };
  } finally {
    await db.query('ROLLBACK');
  }
}
