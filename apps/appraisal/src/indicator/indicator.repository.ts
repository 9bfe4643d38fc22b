import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { monthDate } from '../common/month';
import { FactDraft } from './fact-mapper';
import { pathPrefixes } from './paths';

export interface FactRow extends FactDraft {
  eventId: string;
  eventType: string;
  month: string;
  occurredAt: string;
}

/** A fact just stored, as RETURNING gives it (numeric and dates as text). */
interface NewFact {
  event_id: string;
  month: string;
  indicator: string;
  grid_path: string | null;
  person_id: string | null;
  handler_id: string | null;
  value: string;
}
/** One addition to an indicator value: month, subject kind, subject, indicator, value. */
type Delta = [string, 'person' | 'grid', string, string, string];

/** Who is credited with an incident's closure so far (lastHandlers), and how the fact ranks. */
export interface HandlerCandidate {
  handlerId: string;
  /** a handling (incidents_handled) ranks above an acceptance */
  handled: boolean;
  /** the fact's time in microseconds since the epoch */
  atUs: number;
}

/** Whether `b` takes the place of `a` as an incident's last handler (the order of lastHandlers; a later fact wins a tie). */
export const outranks = (b: HandlerCandidate, a: HandlerCandidate | undefined): boolean =>
  !a || (b.handled !== a.handled ? b.handled : b.atUs >= a.atUs);

/** A person seen in events, to be enrolled (appraisees) if not on the roster yet. */
export interface Enrolment {
  personId: string;
  kind: 'grid_worker' | 'seconded';
  gridPath: string;
  departmentId: string | null;
}

/** Every query on facts and the indicator read model. */
@Injectable()
export class IndicatorRepository {
  /** Each open transaction's additions, written by flushValues before it commits. */
  private readonly pending = new WeakMap<EntityManager, Delta[]>();
  /** Each open transaction's enrolments, in the order they were seen, written by flushValues too. */
  private readonly enrolments = new WeakMap<EntityManager, Enrolment[]>();

  constructor(private readonly ds: DataSource) {}

  /**
   * The last person who handled (or accepted) each incident, as the facts stored hold it: the
   * handling before the acceptance, then the latest (one statement for a batch's incidents). With
   * the fact's rank, so a batch can weigh its own earlier facts against it (HandlerCandidate).
   */
  async lastHandlers(m: EntityManager, refIds: string[]): Promise<Map<string, HandlerCandidate>> {
    if (refIds.length === 0) return new Map();
    const rows: { ref_id: string; handler_id: string; handled: boolean; at_us: string }[] = await m.query(
      `SELECT r.ref_id, f.handler_id, f.handled, f.at_us::text AS at_us
         FROM unnest($1::text[]) AS r(ref_id)
         CROSS JOIN LATERAL (
           SELECT handler_id::text AS handler_id, indicator = 'incidents_handled' AS handled, (extract(epoch FROM occurred_at) * 1000000)::bigint AS at_us
             FROM indicator_facts
            WHERE ref_id = r.ref_id AND indicator IN ('incidents_handled', 'incidents_accepted') AND handler_id IS NOT NULL
            ORDER BY (indicator = 'incidents_handled') DESC, occurred_at DESC LIMIT 1) f`,
      [[...new Set(refIds)]],
    );
    return new Map(rows.map((r) => [r.ref_id, { handlerId: r.handler_id, handled: r.handled, atUs: Number(r.at_us) }]));
  }

  /**
   * Inserts facts (a batch's in one statement); a fact already stored (same event and indicator)
   * is left as it is. Returns how many were new per event id. The new facts' values are added to the month's indicators of their persons and
   * grid paths when the transaction flushes (flushValues): the cost of an event does not depend on
   * how many facts the month already holds.
   */
  async insertFacts(m: EntityManager, facts: FactRow[]): Promise<Map<string, number>> {
    const inserted = new Map<string, number>();
    if (facts.length === 0) return inserted;
    const rows: NewFact[] = await m.query(
      `INSERT INTO indicator_facts (event_id, indicator, event_type, month, occurred_at, grid_path, person_id, handler_id, department_id, unit, key_area, ref_id, value)
       SELECT event_id, indicator, event_type, month, occurred_at, grid_path::ltree, person_id, handler_id, department_id, unit, key_area, ref_id, value
         FROM jsonb_to_recordset($1::jsonb) AS f(event_id uuid, indicator text, event_type text, month date, occurred_at timestamptz, grid_path text,
              person_id uuid, handler_id uuid, department_id uuid, unit text, key_area text, ref_id text, value numeric)
       ON CONFLICT DO NOTHING
       RETURNING event_id::text AS event_id, month::text AS month, indicator, grid_path::text AS grid_path, person_id::text AS person_id, handler_id::text AS handler_id, value::text AS value`,
      [
        JSON.stringify(
          facts.map((f) => ({
            event_id: f.eventId, indicator: f.indicator, event_type: f.eventType, month: monthDate(f.month), occurred_at: f.occurredAt, grid_path: f.gridPath,
            person_id: f.personId, handler_id: f.handlerId, department_id: f.departmentId, unit: f.unit, key_area: f.keyArea, ref_id: f.refId, value: f.value,
          })),
        ),
      ],
    );
    const pending = this.pending.get(m) ?? [];
    for (const r of rows) {
      inserted.set(r.event_id, (inserted.get(r.event_id) ?? 0) + 1);
      // A person who both reported and handled is credited once per fact (as in rebuild's UNION).
      for (const person of new Set([r.person_id, r.handler_id])) if (person) pending.push([r.month, 'person', person, r.indicator, r.value]);
      if (r.grid_path) for (const path of pathPrefixes(r.grid_path)) pending.push([r.month, 'grid', path, r.indicator, r.value]);
    }
    this.pending.set(m, pending);
    return inserted;
  }

  /**
   * Adds the transaction's new facts to the indicator values in one statement: the deltas summed
   * per (month, subject, indicator) and written in key order, so concurrent transactions take the
   * rows' locks in the same order (no deadlock). A shared lock per month: the month's full rebuild
   * (exclusive) never interleaves with an addition.
   */
  async flushValues(m: EntityManager): Promise<void> {
    await this.flushEnrolments(m);
    const pending = this.pending.get(m);
    this.pending.delete(m);
    if (!pending?.length) return;
    for (const month of [...new Set(pending.map((p) => p[0]))].sort()) {
      await m.query(`SELECT pg_advisory_xact_lock_shared(hashtext('appraisal.indicators'), hashtext($1))`, [month]);
    }
    const col = (i: number) => pending.map((p) => p[i]);
    await m.query(
      `INSERT INTO indicator_values AS v (month, subject_kind, subject, indicator, value)
       SELECT month, kind, subject, indicator, sum(value)
         FROM unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::numeric[]) AS d(month, kind, subject, indicator, value)
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
       ON CONFLICT (month, subject_kind, subject, indicator) DO UPDATE SET value = v.value + EXCLUDED.value`,
      [col(0), col(1), col(2), col(3), col(4)],
    );
  }

  /**
   * Enrols a person seen in events (roster rows from the seed or registry win: never overwritten),
   * when the transaction flushes (flushValues): a batch's enrolments are one statement.
   */
  enrol(m: EntityManager, p: Enrolment): void {
    const pending = this.enrolments.get(m) ?? [];
    pending.push(p);
    this.enrolments.set(m, pending);
  }

  /**
   * The transaction's enrolments in one statement: a person's first enrolment (in the order they
   * were seen) is the one kept, as when each was inserted in turn with ON CONFLICT DO NOTHING;
   * inserted in the persons' order (concurrent transactions lock the rows in the same order).
   */
  private async flushEnrolments(m: EntityManager): Promise<void> {
    const pending = this.enrolments.get(m);
    this.enrolments.delete(m);
    if (!pending?.length) return;
    await m.query(
      `INSERT INTO appraisees (person_id, name, kind, grid_path, department_id)
       SELECT DISTINCT ON (person_id) person_id, name, kind, grid_path::ltree, department_id
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[]) WITH ORDINALITY AS e(person_id, name, kind, grid_path, department_id, i)
        ORDER BY person_id, i
       ON CONFLICT (person_id) DO NOTHING`,
      [pending.map((p) => p.personId), pending.map((p) => `#${p.personId.slice(0, 8)}`), pending.map((p) => p.kind), pending.map((p) => p.gridPath), pending.map((p) => p.departmentId)],
    );
  }

  /**
   * Rebuilds the month's indicator values from all its facts: the monthly close and repair (the
   * live values are kept by insertFacts/flushValues, and a test checks both give the same). Holds
   * the month's lock exclusively, so no addition interleaves.
   */
  async rebuild(m: EntityManager, month: string): Promise<void> {
    const d = monthDate(month);
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('appraisal.indicators'), hashtext($1))`, [d]);
    await m.query(`DELETE FROM indicator_values WHERE month = $1`, [d]);
    // A person who both reported and handled an incident is credited once per fact (UNION).
    await m.query(
      `INSERT INTO indicator_values (month, subject_kind, subject, indicator, value)
       SELECT $1, 'person', subject, indicator, sum(value) FROM (
         SELECT event_id, indicator, value, person_id::text AS subject FROM indicator_facts WHERE month = $1 AND person_id IS NOT NULL
         UNION
         SELECT event_id, indicator, value, handler_id::text FROM indicator_facts WHERE month = $1 AND handler_id IS NOT NULL
       ) f
       GROUP BY subject, indicator`,
      [d],
    );
    await m.query(
      `INSERT INTO indicator_values (month, subject_kind, subject, indicator, value)
       SELECT $1, 'grid', subpath(f.grid_path, 0, n)::text, f.indicator, sum(f.value)
         FROM indicator_facts f CROSS JOIN LATERAL generate_series(1, nlevel(f.grid_path)) n
        WHERE f.month = $1 AND f.grid_path IS NOT NULL
        GROUP BY 3, 4`,
      [d],
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
