import { Injectable } from '@nestjs/common';
import { QueueAction } from '@grid122/contracts';
import { DataSource } from 'typeorm';
import { INCIDENT_COLUMNS, IncidentRow } from '../incident/incident.row';

/** Who owns a queue and what, in which state, waits for them there. */
export interface QueueScope {
  /** The caller's grid path (every queue stays inside it). */
  scope: string;
  /** Extra condition on the incident (`i.`): the unit, the department. */
  owner: { column: 'unit' | 'department'; value: string } | null;
  /** State → the action it waits for. */
  states: Partial<Record<string, QueueAction>>;
}

export interface QueueRow extends IncidentRow {
  waiting_for: QueueAction;
}

/** The work queues' reads: open cases by owner and state, most urgent first. */
@Injectable()
export class QueueRepository {
  constructor(private readonly ds: DataSource) {}

  private where(q: QueueScope, light: 'green' | 'yellow' | 'red' | undefined, action: QueueAction | undefined, now: Date): { sql: string; params: unknown[] } {
    const states = Object.entries(q.states).filter(([, a]) => !action || a === action).map(([s]) => s);
    const params: unknown[] = [q.scope, states];
    const where = [`i.grid_path <@ $1::ltree`, `i.state = ANY($2::text[])`];
    if (q.owner?.column === 'unit') {
      params.push(q.owner.value);
      where.push(`(i.unit = $${params.length} OR i.lead_unit = $${params.length})`);
    }
    if (q.owner?.column === 'department') {
      params.push(q.owner.value);
      where.push(`(i.department_id = $${params.length}::uuid OR i.lead_department_id = $${params.length}::uuid)`);
    }
    if (light) {
      params.push(now);
      const at = `$${params.length}`;
      if (light === 'red') where.push(`i.deadline < ${at}`);
      if (light === 'yellow') where.push(`i.deadline >= ${at} AND i.yellow_at <= ${at}`);
      if (light === 'green') where.push(`i.yellow_at > ${at}`);
    }
    return { sql: where.join(' AND '), params };
  }

  /** One page, ordered by deadline (none last), then id; `after` is the last item's (deadline, id). */
  async page(q: QueueScope, o: { light?: 'green' | 'yellow' | 'red'; action?: QueueAction; after: { deadline: string; id: string } | null; limit: number; now: Date }): Promise<QueueRow[]> {
    const { sql, params } = this.where(q, o.light, o.action, o.now);
    const cases = Object.entries(q.states).map(([s, a]) => `WHEN '${s}' THEN '${a}'`).join(' ');
    let keyset = '';
    if (o.after) {
      params.push(o.after.deadline, o.after.id);
      keyset = ` AND (coalesce(i.deadline, 'infinity'::timestamptz), i.id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    params.push(o.limit);
    return this.ds.query(
      `SELECT ${INCIDENT_COLUMNS}, CASE i.state ${cases} END AS waiting_for
       FROM office.incidents i WHERE ${sql}${keyset}
       ORDER BY coalesce(i.deadline, 'infinity'::timestamptz), i.id LIMIT $${params.length}`,
      params,
    );
  }

  /** The whole queue's size by light (the lights of cases without a deadline: none). */
  async counts(q: QueueScope, action: QueueAction | undefined, now: Date): Promise<{ total: number; red: number; yellow: number; green: number; none: number }> {
    const { sql, params } = this.where(q, undefined, action, now);
    params.push(now);
    const at = `$${params.length}`;
    const rows: { total: number; red: number; yellow: number; green: number; none: number }[] = await this.ds.query(
      `SELECT count(*)::int AS total,
         count(*) FILTER (WHERE i.deadline < ${at})::int AS red,
         count(*) FILTER (WHERE i.deadline >= ${at} AND i.yellow_at <= ${at})::int AS yellow,
         count(*) FILTER (WHERE i.yellow_at > ${at})::int AS green,
         count(*) FILTER (WHERE i.deadline IS NULL)::int AS none
       FROM office.incidents i WHERE ${sql}`,
      params,
    );
    return rows[0];
  }
}
