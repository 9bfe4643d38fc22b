import { Injectable } from '@nestjs/common';
import { isIsoDay, streetCalendar } from '@grid122/calendar';
import { Actor, IncidentFilter, Role } from '@grid122/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { ACTIVE_STATES } from './incident-state-machine';
import { SqlParams, subtreeRange } from '@grid122/persistence';
import { HistoryRow, INCIDENT_COLUMNS, IncidentPatch, IncidentRow } from './incident.row';

/** A new incident's columns (the rest take their defaults): as the row reads them, but the codes as the intake and the import hold them. */
export type NewIncident = Pick<
  IncidentRow,
  'code' | 'title' | 'description' | 'category' | 'source_ref' | 'grid_id' | 'grid_path' | 'lng' | 'lat' | 'address' | 'photos' | 'reporter_account_id' | 'reporter_name' | 'reporter_phone' | 'duplicate_of' | 'diary_id' | 'stats_day' | 'reported_at' | 'deadline' | 'yellow_at'
> & { key_area: string; state: string; source: string; reporter_phone_hash: string | null };

export interface HistoryEntry {
  action: string;
  from_state: string | null;
  to_state: string;
  by_id: string | null;
  by_name: string | null;
  by_role: string | null;
  note: string | null;
  data?: unknown;
  at?: Date;
}

/** Grid cells of ~100 m (0.001°) the bounding box of a radius around a point touches, as lock keys. */
export function duplicateLockCells(category: string, lng: number, lat: number, radiusM: number, cellDeg = 0.001): string[] {
  const r = radiusM * 1.1; // margin over the spheroid's metres per degree
  const dLat = r / 110_540;
  const dLng = r / (111_320 * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
  const cells: string[] = [];
  for (let x = Math.floor((lng - dLng) / cellDeg); x <= Math.floor((lng + dLng) / cellDeg); x++) {
    for (let y = Math.floor((lat - dLat) / cellDeg); y <= Math.floor((lat + dLat) / cellDeg); y++) cells.push(`office.duplicate:${category}:${x}:${y}`);
  }
  return cells;
}

const ACTIVE_SQL = ACTIVE_STATES.map((s) => `'${s}'`).join(',');
/**
 * Overdue (red): the working states past their deadline, and an escalated case held by the district
 * that was already late when it went up (only those keep a deadline: IncidentClockService.columns).
 */
const OVERDUE_SQL = `${ACTIVE_SQL},'escalated'`;

/** Every query of the ledger lives here. */
@Injectable()
export class IncidentRepository {
  constructor(private readonly ds: DataSource) {}

  async insert(m: EntityManager, n: NewIncident): Promise<string> {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO office.incidents (code, title, description, key_area, category, state, source, source_ref, grid_id, grid_path, location,
         address, photos, reporter_account_id, reporter_name, reporter_phone, reporter_phone_hash, duplicate_of, diary_id, stats_day,
         reported_at, deadline, yellow_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10::ltree,
         CASE WHEN $11::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($11::float8, $12::float8), 4326)::geography END,
         $13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24)
       RETURNING id`,
      [n.code, n.title, n.description, n.key_area, n.category, n.state, n.source, n.source_ref, n.grid_id, n.grid_path, n.lng, n.lat,
        n.address, n.photos, n.reporter_account_id, n.reporter_name, n.reporter_phone, n.reporter_phone_hash, n.duplicate_of, n.diary_id,
        n.stats_day, n.reported_at, n.deadline, n.yellow_at],
    );
    return rows[0].id;
  }

  /**
   * Intake in one round trip: takes the street's number for the day (the counter row stays locked
   * until commit), inserts the incident coded `<prefix><NNNN>` and its first history entry, and
   * returns the row. Called as late as possible in the intake transaction: every report of a
   * street on a day queues on that counter row, so the less happens after it, the more a street
   * can take in (measured: docs/performance.md).
   */
  // The day's counter is keyed by the street's label, the part the code shows (BTQ-…), so two
  // streets with the same label in different districts never mint the same code.
  async insertNumbered(
    m: EntityManager,
    n: Omit<NewIncident, 'code'>,
    street: { path: string; day: string; prefix: string },
    history: Omit<HistoryEntry, 'to_state' | 'from_state' | 'data' | 'at'>,
  ): Promise<IncidentRow> {
    const rows: IncidentRow[] = await m.query(
      `WITH seq AS (
         INSERT INTO office.incident_code_seq (street_path, day, last) VALUES (subpath($24::ltree, nlevel($24::ltree) - 1), $25, 1)
         ON CONFLICT (street_path, day) DO UPDATE SET last = office.incident_code_seq.last + 1 RETURNING last
       ), i AS (
         INSERT INTO office.incidents AS i (code, title, description, key_area, category, state, source, source_ref, grid_id, grid_path, location,
           address, photos, reporter_account_id, reporter_name, reporter_phone, reporter_phone_hash, duplicate_of, diary_id, stats_day,
           reported_at, deadline, yellow_at)
         SELECT $26 || CASE WHEN seq.last < 10000 THEN lpad(seq.last::text, 4, '0') ELSE seq.last::text END,
           $1,$2,$3,$4,$5,$6,$7,$8,$9::ltree,
           CASE WHEN $10::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($10::float8, $11::float8), 4326)::geography END,
           $12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23
         FROM seq
         RETURNING ${INCIDENT_COLUMNS}
       ), h AS (
         INSERT INTO office.incident_history (incident_id, seq, action, from_state, to_state, by_id, by_name, by_role, note)
         SELECT i.id, 1, $27, NULL, i.state, $28, $29, $30, $31 FROM i
       )
       SELECT * FROM i`,
      [n.title, n.description, n.key_area, n.category, n.state, n.source, n.source_ref, n.grid_id, n.grid_path, n.lng, n.lat,
        n.address, n.photos, n.reporter_account_id, n.reporter_name, n.reporter_phone, n.reporter_phone_hash, n.duplicate_of, n.diary_id,
        n.stats_day, n.reported_at, n.deadline, n.yellow_at, street.path, street.day, street.prefix,
        history.action, history.by_id, history.by_name, history.by_role, history.note],
    );
    return rows[0];
  }

  async lock(m: EntityManager, id: string): Promise<IncidentRow | undefined> {
    const rows: IncidentRow[] = await m.query(`SELECT ${INCIDENT_COLUMNS} FROM office.incidents i WHERE i.id = $1 FOR UPDATE`, [id]);
    return rows[0];
  }

  /**
   * The incident a source's reference already made (its first, if an old ledger holds several),
   * under a transaction-scoped lock on (source, ref): two reports of one ticket at once take turns,
   * so the second finds the first's row instead of making another.
   */
  async claimSourceRef(m: EntityManager, source: string, ref: string): Promise<IncidentRow | undefined> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1 || chr(31) || $2, 19))`, [source, ref]);
    const rows: IncidentRow[] = await m.query(
      `SELECT ${INCIDENT_COLUMNS} FROM office.incidents i WHERE i.source = $1 AND i.source_ref = $2 ORDER BY i.reported_at, i.id LIMIT 1`,
      [source, ref],
    );
    return rows[0];
  }

  /** The followers ("me too" duplicates) of an original, locked, in the order they came. */
  async lockFollowers(m: EntityManager, originalId: string): Promise<IncidentRow[]> {
    return m.query(`SELECT ${INCIDENT_COLUMNS} FROM office.incidents i WHERE i.duplicate_of = $1 AND i.state = 'duplicate' ORDER BY i.reported_at, i.id FOR UPDATE`, [originalId]);
  }

  async get(id: string, m: EntityManager | DataSource = this.ds): Promise<IncidentRow | undefined> {
    const rows: IncidentRow[] = await m.query(`SELECT ${INCIDENT_COLUMNS} FROM office.incidents i WHERE i.id = $1`, [id]);
    return rows[0];
  }

  async getMany(ids: string[]): Promise<IncidentRow[]> {
    return this.ds.query(`SELECT ${INCIDENT_COLUMNS} FROM office.incidents i WHERE i.id = ANY($1::uuid[])`, [ids]);
  }

  async update(m: EntityManager, id: string, patch: IncidentPatch): Promise<void> {
    const q = new SqlParams();
    const sets = Object.entries(patch).map(([col, v]) => {
      const value = col === 'suspensions' || col === 'extensions' ? JSON.stringify(v) : v;
      return `"${col}" = ${q.p(value)}${col === 'grid_path' ? '::ltree' : ''}`;
    });
    sets.push('updated_at = now()');
    await m.query(`UPDATE office.incidents SET ${sets.join(', ')} WHERE id = ${q.p(id)}`, q.params);
  }

  /** Photos the history holds (every handling round's and verification's), for the upload quota. */
  async historyPhotoCount(m: EntityManager, incidentId: string): Promise<number> {
    const [{ n }] = await m.query(
      `SELECT coalesce(sum(jsonb_array_length(data->'photos')), 0)::int AS n FROM office.incident_history
       WHERE incident_id = $1 AND jsonb_typeof(data->'photos') = 'array'`,
      [incidentId],
    );
    return Number(n);
  }

  async appendHistory(m: EntityManager, incidentId: string, e: HistoryEntry): Promise<void> {
    // The incident row is locked by the caller, so max(seq)+1 cannot race.
    await m.query(
      `INSERT INTO office.incident_history (incident_id, seq, action, from_state, to_state, by_id, by_name, by_role, at, note, data)
       SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4, $5, $6, $7, coalesce($8, now()), $9, $10 FROM office.incident_history WHERE incident_id = $1`,
      [incidentId, e.action, e.from_state, e.to_state, e.by_id, e.by_name, e.by_role, e.at ?? null, e.note, e.data === undefined ? null : JSON.stringify(e.data)],
    );
  }

  /** The incident's history, with the photos a handle or verify entry was given (处置前后对比). */
  async history(incidentId: string, m: EntityManager | DataSource = this.ds): Promise<HistoryRow[]> {
    return m.query(
      `SELECT seq, action, from_state, to_state, by_id, by_name, by_role, at, note, data->'photos' AS photos
       FROM office.incident_history WHERE incident_id = $1 ORDER BY seq`,
      [incidentId],
    );
  }

  /** The histories of several incidents in one statement, by incident id. */
  async histories(incidentIds: string[]): Promise<Map<string, HistoryRow[]>> {
    const rows: (HistoryRow & { incident_id: string })[] = await this.ds.query(
      `SELECT incident_id, seq, action, from_state, to_state, by_id, by_name, by_role, at, note, data->'photos' AS photos
       FROM office.incident_history WHERE incident_id = ANY($1::uuid[]) ORDER BY incident_id, seq`,
      [incidentIds],
    );
    const out = new Map<string, HistoryRow[]>();
    for (const { incident_id, ...h } of rows) {
      const list = out.get(incident_id) ?? [];
      list.push(h as HistoryRow);
      out.set(incident_id, list);
    }
    return out;
  }

  /** The next number of a street's day: the upsert locks the counter row until commit. */
  async nextSequence(m: EntityManager, streetPath: string, day: string): Promise<number> {
    const rows: { last: number }[] = await m.query(
      `INSERT INTO office.incident_code_seq (street_path, day, last) VALUES (subpath($1::ltree, nlevel($1::ltree) - 1), $2, 1)
       ON CONFLICT (street_path, day) DO UPDATE SET last = office.incident_code_seq.last + 1 RETURNING last`,
      [streetPath, day],
    );
    return rows[0].last;
  }

  /** An open incident of the same category near the point, reported within the window ("me too"). */
  async findDuplicateOf(m: EntityManager, category: string, lng: number, lat: number, radiusM: number, since: Date): Promise<IncidentRow | undefined> {
    // Serialise "me too" checks of a category near this point so two simultaneous reports cannot
    // both become originals. Locked: the ~100 m cells the radius's bounding box touches (sorted, so
    // never a deadlock). Two reports within the radius always share a cell (the later one's own
    // cell lies in the earlier one's box), while reports elsewhere in the city no longer queue
    // behind each other, as they did on one lock per category (measured: docs/performance.md).
    await m.query(
      `SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended(c, 0) AS k FROM unnest($1::text[]) AS c ORDER BY 1) s`,
      [duplicateLockCells(category, lng, lat, radiusM)],
    );
    // The id only (locked): most reports have no original, and a row of every incident column costs
    // the driver its ~60-field description on every intake even when no row comes back (#27). The
    // original, when there is one, is read whole after (already locked by this transaction).
    const rows: { id: string }[] = await m.query(
      `SELECT i.id FROM office.incidents i
       WHERE i.category = $1 AND i.state NOT IN ('closed','rejected','duplicate') AND i.reported_at >= $2 AND i.location IS NOT NULL
         AND ST_DWithin(i.location, ST_SetSRID(ST_MakePoint($3::float8, $4::float8), 4326)::geography, $5)
       ORDER BY i.reported_at ASC LIMIT 1 FOR UPDATE`,
      [category, since, lng, lat, radiusM],
    );
    return rows[0] ? this.get(rows[0].id, m) : undefined;
  }

  /** Claims an idempotency key for this actor; a concurrent claim waits for the first to commit. */
  async claimIdempotencyKey(m: EntityManager, actorId: string, key: string, operation: string, hash: string): Promise<{ claimed: true } | { claimed: false; hash: string; operation: string; response: unknown }> {
    const inserted: unknown[] = await m.query(
      `INSERT INTO office.idempotency_keys (actor_id, key, operation, request_hash) VALUES ($1,$2,$3,$4) ON CONFLICT DO NOTHING RETURNING 1`,
      [actorId, key, operation, hash],
    );
    if (inserted.length > 0) return { claimed: true };
    const rows: { request_hash: string; operation: string; response: unknown }[] = await m.query(
      `SELECT request_hash, operation, response FROM office.idempotency_keys WHERE actor_id = $1 AND key = $2`,
      [actorId, key],
    );
    return { claimed: false, hash: rows[0].request_hash, operation: rows[0].operation, response: rows[0].response };
  }

  async saveIdempotentResponse(m: EntityManager, actorId: string, key: string, response: unknown): Promise<void> {
    await m.query(`UPDATE office.idempotency_keys SET response = $3 WHERE actor_id = $1 AND key = $2`, [actorId, key, JSON.stringify(response)]);
  }

  /**
   * Forgets up to `limit` keys claimed more than `hours` ago, oldest first: one short statement on
   * `idempotency_keys_created_idx`, passing over rows another transaction holds (a racing retry, a
   * second replica's prune), so a caller deletes in bounded batches and never holds many locks.
   */
  async pruneIdempotencyKeys(hours: number, limit: number): Promise<number> {
    const [, n] = await this.ds.query(
      `DELETE FROM office.idempotency_keys k USING (
         SELECT actor_id, key FROM office.idempotency_keys
          WHERE created_at < now() - make_interval(hours => $1)
          ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED) old
        WHERE k.actor_id = old.actor_id AND k.key = old.key`,
      [hours, limit],
    );
    return Number(n ?? 0);
  }

  /**
   * What an actor may see: the grid subtree, and for units and departments only what was
   * dispatched to them. `alias` names the incidents' alias in the caller's statement (`i`).
   */
  scopeWhere(actor: Actor, q: SqlParams, alias = 'i'): string[] {
    const where = this.scopeWhereOfI(actor, q);
    return alias === 'i' ? where : where.map((w) => w.replace(/\bi\./g, `${alias}.`));
  }

  private scopeWhereOfI(actor: Actor, q: SqlParams): string[] {
    const where: string[] = [];
    if (actor.scope) where.push(underPath(actor.scope, q));
    if (actor.role === Role.UnitMember) {
      const u = q.p(actor.unit ?? '-');
      where.push(`(i.unit = ${u} OR i.lead_unit = ${u} OR ${u} = ANY (i.assist_units))`);
    }
    if (actor.role === Role.DepartmentLiaison) {
      const d = q.p(actor.departmentId ?? '00000000-0000-0000-0000-000000000000');
      where.push(`(i.department_id = ${d}::uuid OR i.lead_department_id = ${d}::uuid OR ${d}::uuid = ANY (i.assist_department_ids))`);
    }
    return where;
  }

  filterWhere(f: IncidentFilter, q: SqlParams, now: Date): string[] {
    const where: string[] = [];
    if (f.state) where.push(`i.state = ${q.p(f.state)}`);
    if (f.keyArea) where.push(`i.key_area = ${q.p(f.keyArea)}`);
    if (f.category) where.push(`i.category = ${q.p(f.category)}`);
    if (f.root) where.push(underPath(f.root, q));
    if (f.unit) where.push(`(i.unit = ${q.p(f.unit)} OR i.lead_unit = $${q.params.length} OR $${q.params.length} = ANY (i.assist_units))`);
    if (f.departmentId) where.push(`(i.department_id = ${q.p(f.departmentId)}::uuid OR i.lead_department_id = $${q.params.length}::uuid OR $${q.params.length}::uuid = ANY (i.assist_department_ids))`);
    // A bare date is the street's day (its zone), from its first instant to the end of its last.
    if (f.from) where.push(`i.reported_at >= ${q.p(isIsoDay(f.from) ? streetCalendar().dayStart(f.from) : new Date(f.from))}`);
    if (f.to) where.push(isIsoDay(f.to) ? `i.reported_at < ${q.p(streetCalendar().dayEnd(f.to))}` : `i.reported_at <= ${q.p(new Date(f.to))}`);
    if (f.source) where.push(`i.source = ${q.p(f.source)}`);
    if (f.sourceRef) where.push(`i.source_ref = ${q.p(f.sourceRef)}`);
    if (f.updatedSince) where.push(`i.updated_at >= ${q.p(new Date(f.updatedSince))}`);
    if (f.q) where.push(`(i.title ILIKE ${q.p(`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)} OR i.code ILIKE $${q.params.length})`);
    const n = () => q.p(now);
    if (f.overdue === true) where.push(`(i.state IN (${OVERDUE_SQL}) AND i.deadline < ${n()})`);
    if (f.overdue === false) where.push(`NOT (i.state IN (${OVERDUE_SQL}) AND i.deadline IS NOT NULL AND i.deadline < ${n()})`);
    if (f.light === 'red') where.push(`(i.state IN (${OVERDUE_SQL}) AND i.deadline < ${n()})`);
    if (f.light === 'yellow') where.push(`(i.state IN (${ACTIVE_SQL}) AND i.deadline >= ${n()} AND i.yellow_at <= $${q.params.length})`);
    if (f.light === 'green') where.push(`(i.state IN (${ACTIVE_SQL}) AND i.yellow_at > ${n()})`);
    return where;
  }

  /**
   * Newest first, keyset on (reported_at, id): stable under inserts, one index range scan. `ck`:
   * reported_at as text, to the microsecond, for the next page's cursor (an imported record's time
   * may hold microseconds, which a Date would cut).
   */
  async list(actor: Actor, f: IncidentFilter, after: { at: string; id: string } | null, limit: number, now: Date): Promise<(IncidentRow & { ck: string })[]> {
    const q = new SqlParams();
    const where = [...this.scopeWhere(actor, q), ...this.filterWhere(f, q, now)];
    if (after) where.push(`(i.reported_at, i.id) < (${q.p(after.at)}::timestamptz, ${q.p(after.id)}::uuid)`);
    return this.ds.query(
      `SELECT ${INCIDENT_COLUMNS}, i.reported_at::text AS ck FROM office.incidents i ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY i.reported_at DESC, i.id DESC LIMIT ${q.p(limit)}`,
      q.params,
    );
  }

  /** Open incidents past their deadline and not yet supervised, locked without waiting (replicas share the work). */
  async lockOverdue(m: EntityManager, now: Date, limit: number): Promise<IncidentRow[]> {
    return m.query(
      `SELECT ${INCIDENT_COLUMNS} FROM office.incidents i
       WHERE i.state IN (${ACTIVE_SQL}) AND i.deadline < $1 AND i.supervised_at IS NULL
       ORDER BY i.deadline LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
  }

  async upsertUnitCase(m: EntityManager, c: { unit: string; caseId: string; incidentId: string; caseType: string; caseRef: string; status: string }): Promise<void> {
    await m.query(
      `INSERT INTO office.unit_cases (unit, case_id, incident_id, case_type, case_ref, status) VALUES ($1,$2,$3,$4,$5,$6)
       ON CONFLICT (unit, case_id) DO UPDATE SET status = EXCLUDED.status, updated_at = now()`,
      [c.unit, c.caseId, c.incidentId, c.caseType, c.caseRef, c.status],
    );
  }

  /** The incident a unit's case belongs to, when the office knows it. */
  async incidentOfUnitCase(m: EntityManager, unit: string, caseId: string): Promise<string | null> {
    const rows: { incident_id: string }[] = await m.query(`SELECT incident_id FROM office.unit_cases WHERE unit = $1 AND case_id = $2`, [unit, caseId]);
    return rows[0]?.incident_id ?? null;
  }
}

/** The street of a grid path: its first three labels, as the street indexes of office.incidents hold it. */
export const STREET_PREFIX_SQL = 'subpath(i.grid_path, 0, least(3, nlevel(i.grid_path)))';

/**
 * "Under this grid path" (grid_path <@ root). For a street (a three-label root) the same condition
 * is written as an equality on the street prefix, so the street indexes serve the list; otherwise
 * as `<@` with the subtree's range beside it for the B-tree on the path's text (subtreeRange;
 * docs/performance.md section 16).
 */
export function underPath(root: string, q: SqlParams): string {
  return root.split('.').length === 3 ? `${STREET_PREFIX_SQL} = ${q.p(root)}::ltree` : subtreeRange('i.grid_path', root, (v) => q.p(v));
}
