import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { monthDate } from '../common/month';
import { FactDraft } from './fact-mapper';

export interface FactRow extends FactDraft {
  eventId: string;
  eventType: string;
  month: string;
  occurredAt: string;
}

/** Every query on facts and the indicator read model. */
@Injectable()
export class IndicatorRepository {
  constructor(private readonly ds: DataSource) {}

  /** The last person who handled (or accepted) an incident: credited with its closure. */
  async lastHandler(m: EntityManager, refId: string): Promise<string | null> {
    const rows: { handler_id: string }[] = await m.query(
      `SELECT handler_id FROM indicator_facts
        WHERE ref_id = $1 AND indicator IN ('incidents_handled', 'incidents_accepted') AND handler_id IS NOT NULL
        ORDER BY (indicator = 'incidents_handled') DESC, occurred_at DESC LIMIT 1`,
      [refId],
    );
    return rows[0]?.handler_id ?? null;
  }

  /** Inserts facts; a fact already stored (same event and indicator) is left as it is. Returns how many were new. */
  async insertFacts(m: EntityManager, facts: FactRow[]): Promise<number> {
    let inserted = 0;
    for (const f of facts) {
      const rows: unknown[] = await m.query(
        `INSERT INTO indicator_facts (event_id, indicator, event_type, month, occurred_at, grid_path, person_id, handler_id, department_id, unit, key_area, ref_id, value)
         VALUES ($1, $2, $3, $4, $5, $6::ltree, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT DO NOTHING RETURNING 1`,
        [f.eventId, f.indicator, f.eventType, monthDate(f.month), f.occurredAt, f.gridPath, f.personId, f.handlerId, f.departmentId, f.unit, f.keyArea, f.refId, f.value],
      );
      inserted += rows.length;
    }
    return inserted;
  }

  /** Enrols a person seen in events (roster rows from the seed or registry win: never overwritten). */
  async enrol(m: EntityManager, p: { personId: string; kind: 'grid_worker' | 'seconded'; gridPath: string; departmentId: string | null }): Promise<void> {
    await m.query(
      `INSERT INTO appraisees (person_id, name, kind, grid_path, department_id) VALUES ($1, $2, $3, $4::ltree, $5)
       ON CONFLICT (person_id) DO NOTHING`,
      [p.personId, `#${p.personId.slice(0, 8)}`, p.kind, p.gridPath, p.departmentId],
    );
  }

  /**
   * Rebuilds the month's indicator values from the facts: all of them, or only the given persons
   * and grid paths (the incremental path after one event). Both go through this one query, so the
   * live read model and a recompute cannot differ. Serialised per month by an advisory lock.
   */
  async rebuild(m: EntityManager, month: string, only?: { persons: string[]; paths: string[] }): Promise<void> {
    const d = monthDate(month);
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('appraisal.indicators'), hashtext($1))`, [d]);
    const persons = only ? only.persons : null;
    const paths = only ? only.paths : null;
    await m.query(
      `DELETE FROM indicator_values WHERE month = $1
         AND ((subject_kind = 'person' AND ($2::text[] IS NULL OR subject = ANY($2)))
           OR (subject_kind = 'grid' AND ($3::text[] IS NULL OR subject = ANY($3))))`,
      [d, persons, paths],
    );
    // A person who both reported and handled an incident is credited once per fact (UNION).
    await m.query(
      `INSERT INTO indicator_values (month, subject_kind, subject, indicator, value)
       SELECT $1, 'person', subject, indicator, sum(value) FROM (
         SELECT event_id, indicator, value, person_id::text AS subject FROM indicator_facts WHERE month = $1 AND person_id IS NOT NULL
         UNION
         SELECT event_id, indicator, value, handler_id::text FROM indicator_facts WHERE month = $1 AND handler_id IS NOT NULL
       ) f
       WHERE $2::text[] IS NULL OR subject = ANY($2)
       GROUP BY subject, indicator`,
      [d, persons],
    );
    await m.query(
      `INSERT INTO indicator_values (month, subject_kind, subject, indicator, value)
       SELECT $1, 'grid', subpath(f.grid_path, 0, n)::text, f.indicator, sum(f.value)
         FROM indicator_facts f CROSS JOIN LATERAL generate_series(1, nlevel(f.grid_path)) n
        WHERE f.month = $1 AND f.grid_path IS NOT NULL
          AND ($2::text[] IS NULL OR subpath(f.grid_path, 0, n)::text = ANY($2))
        GROUP BY 3, 4`,
      [d, paths],
    );
  }

  async countFacts(m: EntityManager, month: string): Promise<number> {
    const rows: { n: string }[] = await m.query(`SELECT count(*) AS n FROM indicator_facts WHERE month = $1`, [monthDate(month)]);
    return Number(rows[0].n);
  }

  /** Indicator values of one month for every subject of a kind, as subject → indicator → value. */
  async valuesOfMonth(m: EntityManager | undefined, month: string, kind: 'person' | 'grid'): Promise<Map<string, Record<string, number>>> {
    const rows: { subject: string; indicator: string; value: string }[] = await (m ?? this.ds.manager).query(
      `SELECT subject, indicator, value FROM indicator_values WHERE month = $1 AND subject_kind = $2`,
      [monthDate(month), kind],
    );
    const out = new Map<string, Record<string, number>>();
    for (const r of rows) {
      const rec = out.get(r.subject) ?? {};
      rec[r.indicator] = Number(r.value);
      out.set(r.subject, rec);
    }
    return out;
  }

  /** Sum of one indicator over a year for subjects of a kind. */
  async yearTotals(year: number, kind: 'person' | 'grid', indicator: string): Promise<Map<string, number>> {
    const rows: { subject: string; v: string }[] = await this.ds.query(
      `SELECT subject, sum(value) AS v FROM indicator_values
        WHERE subject_kind = $1 AND indicator = $2 AND month >= make_date($3, 1, 1) AND month < make_date($3 + 1, 1, 1)
        GROUP BY subject`,
      [kind, indicator, year],
    );
    return new Map(rows.map((r) => [r.subject, Number(r.v)]));
  }
}
