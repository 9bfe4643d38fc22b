import { Injectable } from '@nestjs/common';
import { SpikeDetectedData } from '@grid122/contracts';
import { SqlParams, subtreeRange } from '@grid122/persistence';
import { DataSource, EntityManager } from 'typeorm';

/** The counters of office.category_daily (per category × L3 grid × reporting day). */
export const CATEGORY_COUNTERS = ['found', 'recurring', 'recurring_30d', 'closed', 'came_back_30d'] as const;
export type CategoryCounter = (typeof CATEGORY_COUNTERS)[number];

export interface CategoryKey {
  category: string;
  gridPath: string;
  day: string;
  keyArea: string;
  communityPath: string;
}

export interface CategoryBump {
  key: CategoryKey;
  deltas: Partial<Record<CategoryCounter, number>>;
}

export interface ClosedPlace {
  incidentId: string;
  category: string;
  gridPath: string;
  location: { lng: number; lat: number } | null;
  addressKey: string | null;
  closedAt: Date;
}

export interface Predecessor {
  id: string;
  code: string;
  closed_at: Date;
}

/** "Was it here before?" for one report. */
export interface PredecessorQuery {
  category: string;
  location: { lng: number; lat: number } | null;
  addressKey: string | null;
  since: Date;
  before: Date;
  radiusM: number;
  excludeId: string;
}

/** A category counter row's place and found count (what the spike windows sum). */
export interface FoundRow {
  category: string;
  gridPath: string;
  communityPath: string;
  day: string;
  found: number;
}

/** A spike to record: what its event says but its id and words. */
export type SpikeRecord = Omit<SpikeDetectedData, 'spikeId' | 'categoryName' | 'message'>;

/** Every query of recurrence, hotspots and spikes. */
@Injectable()
export class HotspotRepository {
  constructor(private readonly ds: DataSource) {}

  // ------------------------------------------------------------------ recurrence

  async recordClosure(m: EntityManager, p: ClosedPlace): Promise<void> {
    await m.query(
      `INSERT INTO office.recurrence_places (incident_id, category, grid_path, location, address_key, closed_at)
       VALUES ($1, $2, $3::ltree, CASE WHEN $4::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($4::float8, $5::float8), 4326)::geography END, $6, $7)
       ON CONFLICT (incident_id) DO UPDATE SET closed_at = EXCLUDED.closed_at, category = EXCLUDED.category`,
      [p.incidentId, p.category, p.gridPath, p.location?.lng ?? null, p.location?.lat ?? null, p.addressKey, p.closedAt],
    );
  }

  async forgetClosure(m: EntityManager, incidentId: string): Promise<void> {
    await m.query(`DELETE FROM office.recurrence_places WHERE incident_id = $1`, [incidentId]);
  }

  /** Closures older than `before` are never looked at again. */
  async pruneClosures(before: Date): Promise<number> {
    const r: [unknown[], number] = await this.ds.query(`DELETE FROM office.recurrence_places WHERE closed_at < $1`, [before]);
    return r[1] ?? 0;
  }

  /**
   * "Was it here before?" for a batch's reports in one statement: for each query, the latest
   * problem of its category closed at its place in [since, before) — within the radius of its
   * point (GiST on the closed places), or, for a report without a point, at the same address —
   * by the query's index in the list.
   */
  async findPredecessors(m: EntityManager, qs: PredecessorQuery[]): Promise<Map<number, Predecessor>> {
    const at = qs.flatMap((q, i) => (q.location ? [{ i, q, location: q.location }] : []));
    const by = qs.flatMap((q, i) => (!q.location && q.addressKey ? [{ i, q, addressKey: q.addressKey }] : []));
    if (at.length === 0 && by.length === 0) return new Map();
    // Only the branches the batch needs: an empty branch still costs its planning (a batch of one
    // report with a point planned 1.1 ms with the address branch, 0.5 without; section 18).
    const sql = new SqlParams();
    const arr = (values: unknown[], type: string) => `${sql.p(values)}::${type}`;
    const branches: string[] = [];
    if (at.length > 0) {
      const q = `unnest(${[
        arr(at.map((a) => a.i), 'int[]'), arr(at.map((a) => a.q.category), 'text[]'), arr(at.map((a) => a.q.since), 'timestamptz[]'),
        arr(at.map((a) => a.q.before), 'timestamptz[]'), arr(at.map((a) => a.location.lng), 'float8[]'), arr(at.map((a) => a.location.lat), 'float8[]'),
        arr(at.map((a) => a.q.radiusM), 'float8[]'), arr(at.map((a) => a.q.excludeId), 'uuid[]'),
      ].join(', ')}) AS q(i, category, since, before, lng, lat, radius, exclude_id)`;
      branches.push(predecessorBranch(q, `ST_DWithin(p.location, ST_SetSRID(ST_MakePoint(q.lng, q.lat), 4326)::geography, q.radius)`));
    }
    if (by.length > 0) {
      const q = `unnest(${[
        arr(by.map((b) => b.i), 'int[]'), arr(by.map((b) => b.q.category), 'text[]'), arr(by.map((b) => b.q.since), 'timestamptz[]'),
        arr(by.map((b) => b.q.before), 'timestamptz[]'), arr(by.map((b) => b.addressKey), 'text[]'), arr(by.map((b) => b.q.excludeId), 'uuid[]'),
      ].join(', ')}) AS q(i, category, since, before, address_key, exclude_id)`;
      branches.push(predecessorBranch(q, `p.address_key = q.address_key`));
    }
    const rows: (Predecessor & { i: number })[] = await m.query(branches.join('\n       UNION ALL\n'), sql.params);
    return new Map(rows.map(({ i, ...p }) => [i, p]));
  }

  /** Links a report to its predecessor (locks the report's row); false when it was linked already. */
  async linkRecurrence(m: EntityManager, incidentId: string, predecessorId: string): Promise<boolean> {
    const r: [unknown[], number] = await m.query(`UPDATE office.incidents SET recurrence_of = $2 WHERE id = $1 AND recurrence_of IS NULL`, [incidentId, predecessorId]);
    return (r[1] ?? 0) > 0;
  }

  /** Notes on the predecessor when the first repeat came; its cohort key when this is the first. */
  async markRecurred(m: EntityManager, predecessorId: string, at: Date): Promise<{ day: string; gridPath: string; category: string; keyArea: string } | null> {
    const r: [{ day: string; grid_path: string; category: string; key_area: string }[], number] = await m.query(
      `UPDATE office.incidents SET recurred_at = $2 WHERE id = $1 AND recurred_at IS NULL
       RETURNING stats_day::text AS day, grid_path::text AS grid_path, category, key_area`,
      [predecessorId, at],
    );
    const row = r[0]?.[0];
    return row ? { day: row.day, gridPath: row.grid_path, category: row.category, keyArea: row.key_area } : null;
  }

  /**
   * What one incident counts for in its category's counters (as `rebuild` counts it), its state
   * given: found, recurring (within the quick window), closed, came back within the quick window.
   */
  async categoryContribution(m: EntityManager, incidentId: string, state: string, quickDays: number): Promise<Partial<Record<CategoryCounter, number>>> {
    if (state === 'duplicate') return {};
    const rows: { recurring: number; recurring_30d: number; came_back_30d: number }[] = await m.query(
      `SELECT (p.id IS NOT NULL)::int AS recurring,
         (p.id IS NOT NULL AND i.reported_at - p.closed_at <= make_interval(days => $2))::int AS recurring_30d,
         (i.recurred_at IS NOT NULL AND i.closed_at IS NOT NULL AND i.recurred_at - i.closed_at <= make_interval(days => $2))::int AS came_back_30d
       FROM office.incidents i LEFT JOIN office.incidents p ON p.id = i.recurrence_of WHERE i.id = $1`,
      [incidentId, quickDays],
    );
    const r = rows[0];
    const closed = state === 'closed' ? 1 : 0;
    return { found: 1, closed, recurring: r?.recurring ?? 0, recurring_30d: r?.recurring_30d ?? 0, came_back_30d: closed ? (r?.came_back_30d ?? 0) : 0 };
  }

  /** A closed problem's place keeps the category it has now (the "was it here before?" lookup is per category). */
  async recategoriseClosure(m: EntityManager, incidentId: string, category: string): Promise<void> {
    await m.query(`UPDATE office.recurrence_places SET category = $2 WHERE incident_id = $1`, [incidentId, category]);
  }

  /**
   * Adds bumps to the category counters in one statement: summed per key (a key takes the key area
   * and community of its first bump, as when each was upserted in turn; a key whose bumps are all
   * zero is left out), in key order (no lock cycle between two consumers); only the counters some
   * bump moves are written (a new row's others start at their default, 0).
   */
  async bumpCategories(m: EntityManager, bumps: CategoryBump[]): Promise<void> {
    const sums = new Map<string, { key: CategoryKey; deltas: Record<CategoryCounter, number> }>();
    for (const { key, deltas } of bumps) {
      if (!CATEGORY_COUNTERS.some((c) => deltas[c])) continue;
      const k = `${key.category}\u0000${key.gridPath}\u0000${key.day}`;
      const sum = sums.get(k) ?? { key, deltas: { found: 0, recurring: 0, recurring_30d: 0, closed: 0, came_back_30d: 0 } };
      for (const c of CATEGORY_COUNTERS) sum.deltas[c] += deltas[c] ?? 0;
      sums.set(k, sum);
    }
    if (sums.size === 0) return;
    const sorted = [...sums.values()].sort((a, b) => cmp(a.key.category, b.key.category) || cmp(a.key.gridPath, b.key.gridPath) || cmp(a.key.day, b.key.day));
    // Only the counters the batch moves (a report alone moves `found`): fewer arrays to bind and plan.
    const cols = CATEGORY_COUNTERS.filter((c) => sorted.some((b) => b.deltas[c]));
    await m.query(
      `INSERT INTO office.category_daily (category, grid_path, day, key_area, community_path, ${cols.join(', ')})
       SELECT * FROM unnest($1::text[], $2::ltree[], $3::date[], $4::text[], $5::ltree[], ${cols.map((_, i) => `$${i + 6}::int[]`).join(', ')})
       ON CONFLICT (category, grid_path, day) DO UPDATE SET ${cols.map((c) => `${c} = office.category_daily.${c} + EXCLUDED.${c}`).join(', ')}`,
      [
        sorted.map((b) => b.key.category), sorted.map((b) => b.key.gridPath), sorted.map((b) => b.key.day), sorted.map((b) => b.key.keyArea), sorted.map((b) => b.key.communityPath),
        ...cols.map((c) => sorted.map((b) => b.deltas[c])),
      ],
    );
  }

  /**
   * Rebuilds the category counters and the recurrence links from the incident rows (the bulk demo
   * seed and imports, which bypass the events): links each report to the latest problem of its
   * category closed within `radiusM` before it (within `windowDays`), then recounts.
   */
  async rebuild(m: EntityManager, o: { radiusM: number; windowDays: number; quickDays: number; communityDepth: number; since: Date }): Promise<void> {
    await m.query(
      `UPDATE office.incidents n SET recurrence_of = p.pid
       FROM (
         SELECT DISTINCT ON (n2.id) n2.id AS nid, o.id AS pid
         FROM office.incidents n2 JOIN office.incidents o ON o.category = n2.category
         WHERE n2.state <> 'duplicate' AND n2.location IS NOT NULL AND n2.reported_at >= $3
           AND o.state = 'closed' AND o.closure_type <> 'not_responsible' AND o.location IS NOT NULL
           AND o.closed_at < n2.reported_at AND o.closed_at >= n2.reported_at - make_interval(days => $2)
           AND ST_DWithin(o.location, n2.location, $1)
         ORDER BY n2.id, o.closed_at DESC
       ) p
       WHERE n.id = p.nid AND n.recurrence_of IS NULL`,
      [o.radiusM, o.windowDays, o.since],
    );
    await m.query(
      `UPDATE office.incidents o SET recurred_at = f.first FROM (
         SELECT recurrence_of AS id, min(reported_at) AS first FROM office.incidents WHERE recurrence_of IS NOT NULL GROUP BY 1) f
       WHERE o.id = f.id AND o.recurred_at IS NULL`,
    );
    await m.query(`DELETE FROM office.category_daily`);
    await m.query(
      `INSERT INTO office.category_daily (category, grid_path, day, key_area, community_path, found, recurring, recurring_30d, closed, came_back_30d)
       SELECT i.category, i.grid_path, i.stats_day, min(i.key_area), subpath(i.grid_path, 0, least($1::int, nlevel(i.grid_path))),
         count(*)::int,
         count(p.id)::int,
         count(p.id) FILTER (WHERE i.reported_at - p.closed_at <= make_interval(days => $2))::int,
         count(*) FILTER (WHERE i.state = 'closed')::int,
         count(*) FILTER (WHERE i.state = 'closed' AND i.recurred_at IS NOT NULL AND i.recurred_at - i.closed_at <= make_interval(days => $2))::int
       FROM office.incidents i LEFT JOIN office.incidents p ON p.id = i.recurrence_of
       WHERE i.state <> 'duplicate'
       GROUP BY i.category, i.grid_path, i.stats_day`,
      [o.communityDepth, o.quickDays],
    );
    await m.query(`DELETE FROM office.recurrence_places`);
    await m.query(
      `INSERT INTO office.recurrence_places (incident_id, category, grid_path, location, address_key, closed_at)
       SELECT id, category, grid_path, location, NULL, closed_at FROM office.incidents
       WHERE state = 'closed' AND closure_type <> 'not_responsible' AND closed_at >= now() - make_interval(days => $1)`,
      [o.windowDays],
    );
  }

  /**
   * Adds imported rows (the bulk import bypasses the events) to the category counters: found and
   * closed per category × grid × reporting day, in key order so concurrent batches never deadlock.
   * Imported history is not linked as recurring (docs/hotspots.md).
   */
  async addImported(m: EntityManager, ids: string[], communityDepth: number): Promise<void> {
    if (ids.length === 0) return;
    await m.query(
      `INSERT INTO office.category_daily (category, grid_path, day, key_area, community_path, found, closed)
       SELECT category, grid_path, stats_day, min(key_area), subpath(grid_path, 0, least($2::int, nlevel(grid_path))),
         count(*) FILTER (WHERE state <> 'duplicate')::int, count(*) FILTER (WHERE state = 'closed')::int
       FROM office.incidents WHERE id = ANY($1::uuid[]) GROUP BY category, grid_path, stats_day ORDER BY 1, 2, 3
       ON CONFLICT (category, grid_path, day) DO UPDATE SET found = office.category_daily.found + EXCLUDED.found, closed = office.category_daily.closed + EXCLUDED.closed`,
      [ids, communityDepth],
    );
  }

  // ------------------------------------------------------------------ spikes

  /**
   * The counter rows a batch's spike windows sum, in one statement: at least every row of each
   * (category, community, day) asked for, each `weeks` weeks back, and the rows of the keys the
   * batch will count in (`own`: their community as stored, should it differ from the report's).
   * One index scan on lists (categories × days × communities or own grids), each row once: for a
   * batch spanning several keys it may read rows of their crossings too, which are counter rows as
   * well (a window sums only its own key's). Cheaper to plan and run than a join of the windows
   * for one report (section 18).
   */
  async foundAround(m: EntityManager, windows: { category: string; communityPath: string; day: string }[], own: { category: string; gridPath: string; day: string }[], weeks: number): Promise<FoundRow[]> {
    if (windows.length === 0 && own.length === 0) return [];
    const distinct = (xs: string[]) => [...new Set(xs)];
    const categories = distinct([...windows.map((w) => w.category), ...own.map((o) => o.category)]);
    const days = distinct([...windows.flatMap((w) => windowDays(w.day, weeks)), ...own.map((o) => o.day)]);
    const rows: { category: string; grid_path: string; community_path: string; day: string; found: number }[] = await m.query(
      `SELECT c.category, c.grid_path::text AS grid_path, c.community_path::text AS community_path, c.day::text AS day, c.found
         FROM office.category_daily c
        WHERE c.category = ANY($1::text[]) AND c.day = ANY($2::date[]) AND (c.community_path = ANY($3::ltree[]) OR c.grid_path = ANY($4::ltree[]))`,
      [categories, days, distinct(windows.map((w) => w.communityPath)), distinct(own.map((o) => o.gridPath))],
    );
    return rows.map((r) => ({ category: r.category, gridPath: r.grid_path, communityPath: r.community_path, day: r.day, found: r.found }));
  }

  /**
   * Records a batch's spikes in one statement, once per (place, category, day): per key the first
   * one's values and the largest count (a spike raised already keeps its row, its count updated
   * to the larger), as when each was recorded in turn. Answers, per
   * spike of the list, the id when it raised the row (the first of its place, category and day,
   * and no row before), else null.
   */
  async recordSpikes(m: EntityManager, spikes: SpikeRecord[]): Promise<(string | null)[]> {
    const keyOf = (s: SpikeRecord) => `${s.placePath}\u0000${s.category}\u0000${s.day}`;
    const merged = new Map<string, SpikeRecord>();
    for (const s of spikes) {
      const first = merged.get(keyOf(s));
      merged.set(keyOf(s), first ? { ...first, observed: Math.max(first.observed, s.observed) } : s);
    }
    if (merged.size === 0) return [];
    const rows = [...merged.values()].sort((a, b) => cmp(a.placePath, b.placePath) || cmp(a.category, b.category) || cmp(a.day, b.day));
    const col = <T>(f: (s: SpikeRecord) => T) => rows.map(f);
    const raised: { place_path: string; category: string; day: string; id: string }[] = await m.query(
      `INSERT INTO office.spikes AS s (place_path, place_level, category, key_area, day, observed, expected, p_value, incident_id)
       SELECT * FROM unnest($1::ltree[], $2::text[], $3::text[], $4::text[], $5::date[], $6::int[], $7::float8[], $8::float8[], $9::uuid[])
       ON CONFLICT (place_path, category, day) DO UPDATE SET observed = GREATEST(s.observed, EXCLUDED.observed)
       RETURNING place_path::text AS place_path, category, day::text AS day, id, (xmax = 0) AS inserted`,
      [col((s) => s.placePath), col((s) => s.placeLevel), col((s) => s.category), col((s) => s.keyArea), col((s) => s.day), col((s) => s.observed), col((s) => s.expected), col((s) => s.pValue), col((s) => s.incidentId)],
    ).then((r: { place_path: string; category: string; day: string; id: string; inserted: boolean }[]) => r.filter((x) => x.inserted));
    const ids = new Map(raised.map((r) => [`${r.place_path}\u0000${r.category}\u0000${r.day}`, r.id]));
    const seen = new Set<string>();
    return spikes.map((s) => {
      const k = keyOf(s);
      if (seen.has(k)) return null;
      seen.add(k);
      return ids.get(k) ?? null;
    });
  }

  async listSpikes(root: string, from: string | null, to: string | null, category: string | null, keyArea: string | null, limit: number) {
    return this.ds.query(
      `SELECT id, place_path::text AS place_path, place_level, category, key_area, day::text AS day, observed, expected, p_value, detected_at
       FROM office.spikes
       WHERE place_path <@ $1::ltree AND ($2::date IS NULL OR day >= $2) AND ($3::date IS NULL OR day <= $3)
         AND ($4::text IS NULL OR category = $4) AND ($5::text IS NULL OR key_area = $5)
       ORDER BY day DESC, detected_at DESC LIMIT $6`,
      [root, from, to, category, keyArea, limit],
    ) as Promise<{ id: string; place_path: string; place_level: 'grid' | 'community'; category: string; key_area: string; day: string; observed: number; expected: number; p_value: number; detected_at: Date }[]>;
  }

  // ------------------------------------------------------------------ reads

  /** Sums of the category counters per place (the grid path cut to `depth` labels) and category. */
  async recurrenceByPlace(root: string, depth: number, from: string | null, to: string | null, category: string | null, keyArea: string | null) {
    const params: unknown[] = [depth, from, to, category, keyArea];
    // The category counters' scope: `<@` and the range of the path's text (its B-tree; docs/performance.md section 16).
    const inScope = subtreeRange('grid_path', root, (v) => `$${params.push(v)}`);
    const rows: Record<string, string>[] = await this.ds.query(
      `SELECT subpath(grid_path, 0, least($1::int, nlevel(grid_path)))::text AS place, category, min(key_area) AS key_area,
         ${CATEGORY_COUNTERS.map((c) => `sum(${c})::bigint AS ${c}`).join(', ')}
       FROM office.category_daily
       WHERE ${inScope} AND ($2::date IS NULL OR day >= $2) AND ($3::date IS NULL OR day <= $3)
         AND ($4::text IS NULL OR category = $4) AND ($5::text IS NULL OR key_area = $5)
       GROUP BY 1, 2`,
      params,
    );
    return rows.map((r) => ({ place: r.place, category: r.category, keyArea: r.key_area, ...(Object.fromEntries(CATEGORY_COUNTERS.map((c) => [c, Number(r[c])])) as Record<CategoryCounter, number>) }));
  }

  /** Recurring problems, newest first, with up to 10 predecessors each (walking recurrence_of). */
  async listRecurrences(root: string, from: string | null, to: string | null, category: string | null, keyArea: string | null, quickDays: number | null, limit: number) {
    const params: unknown[] = [from, to, category, keyArea, quickDays, limit];
    const inScope = subtreeRange('i.grid_path', root, (v) => `$${params.push(v)}`);
    return this.ds.query(
      `SELECT i.id, i.code, i.title, i.category, i.key_area, i.grid_path::text AS grid_path, i.address, i.reported_at, i.closed_at,
         extract(epoch FROM i.reported_at - p.closed_at) / 86400 AS gap_days,
         (WITH RECURSIVE chain(id, code, title, reported_at, closed_at, recurrence_of, depth) AS (
            SELECT p.id, p.code, p.title, p.reported_at, p.closed_at, p.recurrence_of, 1
            UNION ALL
            SELECT c.id, c.code, c.title, c.reported_at, c.closed_at, c.recurrence_of, chain.depth + 1
            FROM office.incidents c JOIN chain ON c.id = chain.recurrence_of WHERE chain.depth < 10)
          SELECT json_agg(json_build_object('id', id, 'code', code, 'title', title, 'reportedAt', reported_at, 'closedAt', closed_at) ORDER BY depth) FROM chain) AS predecessors
       FROM office.incidents i JOIN office.incidents p ON p.id = i.recurrence_of
       WHERE i.recurrence_of IS NOT NULL AND ${inScope} AND ($1::date IS NULL OR i.stats_day >= $1) AND ($2::date IS NULL OR i.stats_day <= $2)
         AND ($3::text IS NULL OR i.category = $3) AND ($4::text IS NULL OR i.key_area = $4)
         AND ($5::int IS NULL OR i.reported_at - p.closed_at <= make_interval(days => $5))
       ORDER BY i.reported_at DESC LIMIT $6`,
      params,
    ) as Promise<
      { id: string; code: string; title: string; category: string; key_area: string; grid_path: string; address: string | null; reported_at: Date; closed_at: Date | null; gap_days: string; predecessors: { id: string; code: string; title: string; reportedAt: string; closedAt: string | null }[] }[]
    >;
  }

  /**
   * Reports per place (path cut to `depth` labels) and period, from the ledger's own counters:
   * office.stats_daily (found) for a key area or all, office.category_daily for a category.
   */
  async countsByPlacePeriod(q: { root: string; depth: number; from: string; to: string; period: 'week' | 'month'; keyArea: string | null; category: string | null }) {
    // Either counters' scope with the range of the path's text beside `<@` (their B-trees; docs/performance.md
    // section 16); the root ('', every row) keeps `<@ ''`, which uses $1.
    const inScope = !q.root ? 'grid_path <@ $1::ltree' : subtreeRange('grid_path', q.root, () => '$1');
    const source = q.category ? `office.category_daily WHERE category = $6 AND` : `office.stats_daily WHERE ($6::text IS NULL OR key_area = $6) AND`;
    const rows: { place: string; start: string; n: number }[] = await this.ds.query(
      `SELECT subpath(grid_path, 0, $2::int)::text AS place, date_trunc($5, day::timestamp)::date::text AS start, sum(found)::int AS n
       FROM ${source} ${inScope} AND nlevel(grid_path) >= $2::int AND day >= $3::date AND day <= $4::date
       GROUP BY 1, 2`,
      [q.root, q.depth, q.from, q.to, q.period, q.category ?? q.keyArea],
    );
    return rows;
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One branch of findPredecessors: for each query row `q`, the latest problem of its category closed at its place (`at`) in [since, before). */
function predecessorBranch(q: string, at: string): string {
  return `SELECT q.i, x.id, x.code, x.closed_at
         FROM ${q}
         CROSS JOIN LATERAL (
           SELECT i.id, i.code, p.closed_at FROM office.recurrence_places p JOIN office.incidents i ON i.id = p.incident_id
            WHERE p.category = q.category AND p.closed_at >= q.since AND p.closed_at < q.before
              AND ${at} AND p.incident_id <> q.exclude_id
            ORDER BY p.closed_at DESC LIMIT 1) x`;
}

/** The date `days` days before a calendar date (YYYY-MM-DD). */
export function daysBefore(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

/** A spike window's days: the day, then the same weekday 1..weeks weeks before. */
export function windowDays(day: string, weeks: number): string[] {
  return Array.from({ length: weeks + 1 }, (_, g) => daysBefore(day, 7 * g));
}
