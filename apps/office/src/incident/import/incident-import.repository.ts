import { Injectable } from '@nestjs/common';
import { ImportIncidentRecord } from '@grid122/contracts';
import { EntityManager } from 'typeorm';
import { OfficeEnv } from '../../config/office.env';
import { HotspotRepository } from '../../hotspot/hotspot.repository';
import { StatsRepository } from '../../stats/stats.repository';

export interface ImportRow extends ImportIncidentRecord {
  statsDay: string;
  registered: boolean;
}

/** The bulk import's SQL: a batch in three statements, whatever its size. */
@Injectable()
export class IncidentImportRepository {
  constructor(
    private readonly stats: StatsRepository,
    private readonly hotspots: HotspotRepository,
    private readonly env: OfficeEnv,
  ) {}

  /**
   * Claims the batch's (source, sourceRef) pairs, inserts the incidents that were not imported
   * before and one `import` history entry each, from one jsonb parameter (multi-row, no per-row
   * round trips). Returns the new incident ids.
   */
  async insert(m: EntityManager, rows: ImportRow[], by: { id: string; name: string; role: string }): Promise<string[]> {
    const payload = rows.map((r) => ({
      source: r.source,
      source_ref: r.sourceRef,
      title: r.title,
      description: r.description ?? null,
      key_area: r.keyArea,
      category: r.category,
      grid_path: r.gridPath,
      grid_id: r.gridId ?? null,
      lng: r.location?.lng ?? null,
      lat: r.location?.lat ?? null,
      address: r.address ?? null,
      state: r.state,
      closure_type: r.closureType ?? null,
      resolution_level: r.state === 'closed' ? (r.resolutionLevel ?? 'community') : null,
      reported_at: r.reportedAt,
      closed_at: r.state === 'closed' ? (r.closedAt ?? r.reportedAt) : null,
      stats_day: r.statsDay,
      registered: r.registered,
    }));
    const ids: { id: string }[] = await m.query(
      `WITH input AS (
         SELECT DISTINCT ON (source, source_ref) * FROM jsonb_to_recordset($1::jsonb) AS r(
           source text, source_ref text, title text, description text, key_area text, category text, grid_path text, grid_id uuid,
           lng float8, lat float8, address text, state text, closure_type text, resolution_level text, reported_at timestamptz,
           closed_at timestamptz, stats_day date, registered boolean)
         ORDER BY source, source_ref
       ), claimed AS (
         INSERT INTO office.incident_imports (source, source_ref, incident_id, imported_by)
         SELECT source, source_ref, office.uuid_v7(), $2 FROM input
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
         RETURNING id, state, source, source_ref
       ), hist AS (
         INSERT INTO office.incident_history (incident_id, seq, action, from_state, to_state, by_id, by_name, by_role, note)
         SELECT id, 1, 'import', NULL, state, $2, $3, $4, '历史导入 imported from ' || source || ' ' || source_ref FROM ins
       )
       SELECT id FROM ins`,
      [JSON.stringify(payload), by.id, by.name, by.role],
    );
    return ids.map((r) => r.id);
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
