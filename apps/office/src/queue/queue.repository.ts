import { Injectable } from '@nestjs/common';
import { QueueAction, TrafficLight } from '@grid122/contracts';
import { SqlParams, subtreeRange } from '@grid122/persistence';
import { DataSource } from 'typeorm';
import { INCIDENT_COLUMNS, IncidentRow } from '../incident/incident.row';

/** Who owns a queue and what, in which state, waits for them there. */
export interface QueueScope {
  /** The caller's grid path (every queue stays inside it). */
  scope: string;
  /** A unit or department: its own cases (lead, or dispatched to it) and its parts as an assist (协办). */
  owner: { column: 'unit' | 'department'; value: string } | null;
  /** State → the action it waits for (for the owner's own cases, or the grid's or the centre's). */
  states: Partial<Record<string, QueueAction>>;
}

export interface QueueRow extends IncidentRow {
  waiting_for: QueueAction;
  part: 'lead' | 'assist' | null;
}

/** The work queues' reads: open cases by owner and state, most urgent first. */
@Injectable()
export class QueueRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * The queue as a relation `q` (the incident's columns, `waiting_for`, `part`): an owner's own
   * cases wait for the action of their state; its assist parts (the latest dispatch round) for
   * accept while 待签收 and handle while 已签收, until the case closes. An own case with an urging (催办)
   * not yet acknowledged waits for `acknowledge` first.
   */
  private relation(q: QueueScope, s: SqlParams): string {
    const p = (v: unknown) => s.p(v);
    // Within the caller's grid path: `<@` and the subtree's range in the B-tree on the path's text ('' is everything).
    const inScope = subtreeRange('i.grid_path', q.scope, p);
    const states = `${p(Object.keys(q.states))}::text[]`;
    const own = Object.entries(q.states).map(([s, a]) => `WHEN '${s}' THEN '${a}'`).join(' ');
    if (!q.owner) {
      return `(SELECT ${INCIDENT_COLUMNS}, CASE i.state ${own} END AS waiting_for, NULL::text AS part
               FROM office.incidents i WHERE ${inScope} AND i.state = ANY(${states})) q`;
    }
    const o = p(q.owner.value);
    const unit = q.owner.column === 'unit';
    const mine = unit ? `(i.unit = ${o} OR i.lead_unit = ${o})` : `(i.department_id = ${o}::uuid OR i.lead_department_id = ${o}::uuid)`;
    const assisting = unit ? `${o} = ANY(i.assist_units)` : `${o}::uuid = ANY(i.assist_department_ids)`;
    const party = unit ? `p.unit = ${o}` : `p.department_id = ${o}::uuid`;
    const urged = unit ? `u.unit = ${o}` : `u.department_id = ${o}::uuid`;
    return `(SELECT ${INCIDENT_COLUMNS},
               CASE WHEN ${mine} AND i.state = ANY(${states}) AND EXISTS (
                           SELECT 1 FROM office.urgings u WHERE u.incident_id = i.id AND u.acknowledged_at IS NULL AND ${urged}) THEN 'acknowledge'
                    WHEN ${mine} AND i.state = ANY(${states}) THEN CASE i.state ${own} END
                    ELSE (SELECT CASE p.state WHEN 'dispatched' THEN 'accept' WHEN 'accepted' THEN 'handle' END
                          FROM office.dispatch_parties p
                          WHERE p.incident_id = i.id AND p.role = 'assist' AND ${party}
                          ORDER BY p.round DESC LIMIT 1) END AS waiting_for,
               CASE WHEN ${mine} AND i.state = ANY(${states}) THEN 'lead' ELSE 'assist' END AS part
             FROM office.incidents i
             WHERE ${inScope}
               AND ((${mine} AND i.state = ANY(${states}))
                 OR (${assisting} AND i.state NOT IN ('closed', 'rejected', 'duplicate')))) q`;
  }

  private lightSql(light: TrafficLight, at: string): string {
    if (light === 'red') return `q.deadline < ${at}`;
    if (light === 'yellow') return `q.deadline >= ${at} AND q.yellow_at <= ${at}`;
    return `q.yellow_at > ${at}`;
  }

  /** One page, ordered by deadline (none last), then id; `after` is the last item's (deadline, id). */
  async page(q: QueueScope, o: { light?: TrafficLight; action?: QueueAction; after: { deadline: string; id: string } | null; limit: number; now: Date }): Promise<QueueRow[]> {
    const s = new SqlParams();
    const from = this.relation(q, s);
    s.and('q.waiting_for IS NOT NULL');
    if (o.action) s.and(`q.waiting_for = ${s.p(o.action)}`);
    if (o.light) s.and(this.lightSql(o.light, s.p(o.now)));
    if (o.after) s.and(`(coalesce(q.deadline, 'infinity'::timestamptz), q.id) > (${s.p(o.after.deadline)}::timestamptz, ${s.p(o.after.id)}::uuid)`);
    return this.ds.query(`SELECT q.* FROM ${from} ${s.where()} ORDER BY coalesce(q.deadline, 'infinity'::timestamptz), q.id LIMIT ${s.p(o.limit)}`, s.params);
  }

  /** The whole queue's size by light (the lights of cases without a deadline: none). */
  async counts(q: QueueScope, action: QueueAction | undefined, now: Date): Promise<{ total: number; red: number; yellow: number; green: number; none: number }> {
    const s = new SqlParams();
    const from = this.relation(q, s);
    s.and('q.waiting_for IS NOT NULL');
    if (action) s.and(`q.waiting_for = ${s.p(action)}`);
    const at = s.p(now);
    const rows: { total: number; red: number; yellow: number; green: number; none: number }[] = await this.ds.query(
      `SELECT count(*)::int AS total,
         count(*) FILTER (WHERE ${this.lightSql('red', at)})::int AS red,
         count(*) FILTER (WHERE ${this.lightSql('yellow', at)})::int AS yellow,
         count(*) FILTER (WHERE ${this.lightSql('green', at)})::int AS green,
         count(*) FILTER (WHERE q.deadline IS NULL)::int AS none
       FROM ${from} ${s.where()}`,
      s.params,
    );
    return rows[0];
  }
}
