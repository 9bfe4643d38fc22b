import { Injectable } from '@nestjs/common';
import { Actor, ListOpen311Requests } from '@grid122/contracts';
import { DataSource } from 'typeorm';
import { pointColumns, SqlParams } from '@grid122/persistence';
import { IncidentRepository } from '../incident.repository';

/** The columns Open311 shows of an incident, under alias `a` and prefix `p`. */
const cols = (a: string, p = '') => `${a}.id AS ${p}id, ${a}.code AS ${p}code, ${a}.state AS ${p}state, ${a}.closure_type AS ${p}closure_type,
  ${a}.category AS ${p}category, ${a}.description AS ${p}description, ${a}.address AS ${p}address,
  ${pointColumns(`${a}.location::geometry`, p)}, ${a}.reported_at AS ${p}reported_at,
  ${a}.updated_at AS ${p}updated_at, ${a}.deadline AS ${p}deadline, ${a}.unit AS ${p}unit, ${a}.lead_unit AS ${p}lead_unit,
  ${a}.department_id AS ${p}department_id, ${a}.duplicate_of AS ${p}duplicate_of, ${a}.completion_reply AS ${p}completion_reply,
  ${a}.result AS ${p}result, ${a}.responsible_party AS ${p}responsible_party`;

/** The note of the last history entry into the incident's current state (what the street wrote for it). */
const lastNote = (id: string, state: string) => `(SELECT h.note FROM office.incident_history h
  WHERE h.incident_id = ${id} AND h.to_state = ${state} AND h.action NOT IN ('comment', 'duplicate_linked', 'supervise')
  ORDER BY h.seq DESC LIMIT 1)`;

export type Open311Row = Record<string, string | number | Date | null>;

/**
 * Open311's `GET requests` as one statement: the page of incidents (the caller's scope and the
 * filters, newest first by the `(reported_at, id)` list index or a street's), each "me too"
 * duplicate's original joined by primary key when the caller may see it, the status filter on
 * what is shown, and — for the page's rows only — the last note of each state from the history's
 * primary key. Plan-tested in apps/office/test/query-plans.e2e-spec.ts.
 */
@Injectable()
export class Open311RequestsRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly incidents: IncidentRepository,
  ) {}

  sql(actor: Actor, req: ListOpen311Requests.Request, now: Date): { text: string; values: unknown[] } {
    const q = new SqlParams();
    const where = this.incidents.scopeWhere(actor, q);
    if (req.ids) where.push(`i.id = ANY(${q.p(req.ids)}::uuid[])`);
    else {
      where.push(...this.incidents.filterWhere({ from: req.from, to: req.to, root: req.root }, q, now));
      if (req.categories?.length) where.push(`i.category = ANY(${q.p(req.categories)}::text[])`);
    }
    const visibleOriginal = this.incidents.scopeWhere(actor, q, 'o');
    // The status shown: a duplicate's is its original's (when the caller sees it). Written so the
    // incident's own state carries the estimate (a coalesce over the join would be guessed at a
    // fraction of a percent, and the planner would sort the whole window instead of walking the index).
    const CLOSED = `('closed', 'rejected', 'duplicate')`;
    if (req.status === 'closed' && !req.ids) where.push(`i.state IN ${CLOSED} AND NOT (i.state = 'duplicate' AND o.state IS NOT NULL AND o.state NOT IN ${CLOSED})`);
    if (req.status === 'open' && !req.ids) where.push(`(i.state NOT IN ${CLOSED} OR (i.state = 'duplicate' AND o.state NOT IN ${CLOSED}))`);
    const text = `
      SELECT page.*, ${lastNote('page.id', 'page.state')} AS last_note,
        CASE WHEN page.o_id IS NOT NULL THEN ${lastNote('page.o_id', 'page.o_state')} END AS o_last_note
      FROM (
        SELECT ${cols('i')}, ${cols('o', 'o_')}
        FROM office.incidents i
        LEFT JOIN LATERAL (
          SELECT o.* FROM office.incidents o
          WHERE i.state = 'duplicate' AND o.id = i.duplicate_of${visibleOriginal.map((w) => ` AND ${w}`).join('')}
          LIMIT 1 -- kept a lookup by primary key for each row the index walk yields (never a hash of every incident)
        ) o ON true
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY i.reported_at DESC, i.id DESC
        LIMIT ${q.p(req.limit)} OFFSET ${q.p(req.offset ?? 0)}
      ) page
      ORDER BY page.reported_at DESC, page.id DESC`;
    return { text, values: q.params };
  }

  async list(actor: Actor, req: ListOpen311Requests.Request, now: Date): Promise<Open311Row[]> {
    const q = this.sql(actor, req, now);
    return this.ds.query(q.text, q.values);
  }
}
