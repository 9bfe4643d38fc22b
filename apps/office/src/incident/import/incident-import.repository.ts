import { Injectable } from '@nestjs/common';
import { ImportIncidentRecord } from '@grid122/contracts';
import { copyIn, PgClientLike } from '@grid122/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { OfficeEnv } from '../../config/office.env';
import { HotspotRepository } from '../../hotspot/hotspot.repository';
import { StatsRepository } from '../../stats/stats.repository';

export interface ImportRow extends ImportIncidentRecord {
  statsDay: string;
  registered: boolean;
}

const STAGING_COLUMNS = [
  'run_id', 'source', 'source_ref', 'title', 'description', 'key_area', 'category', 'grid_path', 'grid_id', 'lng', 'lat', 'address', 'state',
  'closure_type', 'resolution_level', 'reported_at', 'closed_at', 'stats_day', 'registered', 'imported_by',
];

/** The bulk import's SQL: COPY into staging, then set-based moves, whatever the run's size. */
@Injectable()
export class IncidentImportRepository {
  constructor(
    private readonly stats: StatsRepository,
    private readonly hotspots: HotspotRepository,
    private readonly env: OfficeEnv,
  ) {}

  /**
   * COPies a batch's checked records into the staging table under their run (one statement, no
   * WAL: the table is UNLOGGED). Returns the rows staged.
   */
  async stage(client: PgClientLike, runId: string, rows: ImportRow[], by: string): Promise<number> {
    return copyIn(
      client,
      `office.incident_import_staging (${STAGING_COLUMNS.join(', ')})`,
      rows.map((r) => [
        runId, r.source, r.sourceRef, r.title, r.description ?? null, r.keyArea, r.category, r.gridPath, r.gridId ?? null,
        r.location?.lng ?? null, r.location?.lat ?? null, r.address ?? null, r.state, r.closureType ?? null,
        r.state === 'closed' ? (r.resolutionLevel ?? 'community') : null,
        r.reportedAt, r.state === 'closed' ? (r.closedAt ?? r.reportedAt) : null, r.statsDay, r.registered, by,
      ]),
    );
  }

  /**
   * Moves up to `limit` staged rows of a run into the ledger in one statement: takes them out of
   * the staging table (skipping rows another mover holds, so movers run side by side), claims their (source, sourceRef) pairs in `office.incident_imports` (`ON
   * CONFLICT DO NOTHING`: a pair imported before, or twice in the run, is skipped), inserts the
   * new incidents and one `import` history entry each. Claims go in (source, sourceRef) order, so
   * two movers meeting the same pair wait on each other in one order, never in a cycle. Returns the rows taken and the new ids.
   */
  async move(m: EntityManager, runId: string, limit: number, by: { name: string; role: string }): Promise<{ taken: number; ids: string[] }> {
    // The CTEs carry no statistics: estimated at a few rows, their joins would be nested loops
    // (rows × rows: 22 s for 4,500). Hash joins are linear.
    await m.query(`SET LOCAL enable_nestloop = off`);
    const rows: { taken: string; ids: string[] | null }[] = await m.query(
      `WITH chunk AS (
         DELETE FROM office.incident_import_staging s
         WHERE s.run_id = $1 AND s.n IN (SELECT n FROM office.incident_import_staging WHERE run_id = $1 ORDER BY n LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING s.*
       ), input AS (
         SELECT DISTINCT ON (source, source_ref) * FROM chunk ORDER BY source, source_ref, n
       ), claimed AS (
         INSERT INTO office.incident_imports (source, source_ref, incident_id, imported_by)
         SELECT source, source_ref, office.uuid_v7(), imported_by FROM input ORDER BY source, source_ref
         ON CONFLICT DO NOTHING RETURNING source, source_ref, incident_id
       ), ins AS (
         INSERT INTO office.incidents (id, code, title, description, key_area, category, state, source, source_ref, grid_id, grid_path, location,
           address, reporter_name, closure_type, resolution_level, handled_ever, escalated_ever, stats_day, reported_at, registered_at,
           handled_at, closed_at, created_at, updated_at)
         SELECT c.incident_id,
           upper(subpath(i.grid_path::ltree, least(2, nlevel(i.grid_path::ltree) - 1), 1)::text) || '-' || to_char(i.stats_day, 'YYYYMMDD') || '-I' || nextval('office.incident_import_seq'),
           i.title, i.description, i.key_area, i.category, i.state, i.source, i.source_ref, i.grid_id, i.grid_path::ltree,
           CASE WHEN i.lng IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint(i.lng, i.lat), 4326)::geography END,
           i.address, '历史导入', i.closure_type, i.resolution_level,
           i.state = 'closed' AND i.closure_type = 'fixed', i.resolution_level = 'district' AND i.state = 'closed',
           i.stats_day, i.reported_at, CASE WHEN i.registered THEN i.reported_at END,
           CASE WHEN i.state = 'closed' AND i.closure_type = 'fixed' THEN i.closed_at END, i.closed_at, now(), now()
         FROM input i JOIN claimed c USING (source, source_ref)
         ORDER BY c.incident_id
         RETURNING id, state, source, source_ref
       ), hist AS (
         INSERT INTO office.incident_history (incident_id, seq, action, from_state, to_state, by_id, by_name, by_role, note)
         SELECT ins.id, 1, 'import', NULL, ins.state, i.imported_by, $3, $4, '历史导入 imported from ' || ins.source || ' ' || ins.source_ref
         FROM ins JOIN input i USING (source, source_ref) ORDER BY ins.id
       )
       SELECT (SELECT count(*) FROM chunk) AS taken, (SELECT array_agg(id) FROM ins) AS ids`,
      [runId, limit, by.name, by.role],
    );
    await m.query(`SET LOCAL enable_nestloop TO DEFAULT`);
    return { taken: Number(rows[0].taken), ids: rows[0].ids ?? [] };
  }

  /** Drops a run's staged rows (the stream failed), and any left by runs abandoned over a day ago. */
  async discard(m: EntityManager | DataSource, runId: string | null): Promise<void> {
    await m.query(`DELETE FROM office.incident_import_staging WHERE run_id = $1 OR staged_at < now() - interval '1 day'`, [runId]);
  }

  /**
   * Adds the new rows to the daily counters with the office's own counting rules (the recount
   * SQL), in key order so concurrent batches never deadlock on the counter rows.
   */
  async addCounters(m: EntityManager, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.stats.addRows(m, 'id = ANY($1::uuid[])', [ids]);
    // and to the category counters the hotspot analysis and the month's themes read (issue 26)
    await this.hotspots.addImported(m, ids, this.env.OFFICE_STREET_DEPTH + 1);
  }

  async categories(m: EntityManager): Promise<Map<string, string>> {
    const rows: { code: string; key_area: string }[] = await m.query(`SELECT code, key_area FROM office.categories`);
    return new Map(rows.map((r) => [r.code, r.key_area]));
  }
}
