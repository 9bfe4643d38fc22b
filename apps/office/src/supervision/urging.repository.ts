import { Injectable } from '@nestjs/common';
import { UrgingLevel, UrgingView } from '@grid122/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { rowIso } from '@grid122/persistence';

export interface UrgingRow {
  id: string;
  incident_id: string;
  unit: string | null;
  department_id: string | null;
  level: UrgingLevel;
  sent_at: Date;
  due: Date | null;
  sent_by_id: string | null;
  sent_by_name: string;
  note: string | null;
  acknowledged_at: Date | null;
  acknowledged_by_id: string | null;
  acknowledged_by_name: string | null;
}

/** office.urgings (催办): reads for the incident view, writes for the urging service and the sweep. */
@Injectable()
export class UrgingRepository {
  constructor(private readonly ds: DataSource) {}

  async of(incidentId: string, m?: EntityManager): Promise<UrgingView[]> {
    const rows: UrgingRow[] = await (m ?? this.ds).query(`SELECT * FROM office.urgings WHERE incident_id = $1 ORDER BY sent_at, id`, [incidentId]);
    return rows.map(toView);
  }

  async insert(m: EntityManager, u: Pick<UrgingRow, 'incident_id' | 'unit' | 'department_id' | 'sent_at' | 'due' | 'sent_by_id' | 'sent_by_name' | 'note'>): Promise<UrgingRow> {
    const [row] = await m.query(
      `INSERT INTO office.urgings (incident_id, unit, department_id, sent_at, due, sent_by_id, sent_by_name, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [u.incident_id, u.unit, u.department_id, u.sent_at, u.due, u.sent_by_id, u.sent_by_name, u.note],
    );
    return row;
  }

  async lock(m: EntityManager, incidentId: string, id: string): Promise<UrgingRow | null> {
    const rows: UrgingRow[] = await m.query(`SELECT * FROM office.urgings WHERE id = $1 AND incident_id = $2 FOR UPDATE`, [id, incidentId]);
    return rows[0] ?? null;
  }

  async acknowledge(m: EntityManager, id: string, at: Date, by: { id: string | null; name: string | null }): Promise<void> {
    await m.query(`UPDATE office.urgings SET acknowledged_at = $2, acknowledged_by_id = $3, acknowledged_by_name = $4 WHERE id = $1`, [id, at, by.id, by.name]);
  }

  /** Unacknowledged urgings past their due and below the district, locked without waiting (replicas share the work). */
  async lockDue(m: EntityManager, now: Date, limit: number): Promise<UrgingRow[]> {
    return m.query(
      `SELECT * FROM office.urgings WHERE acknowledged_at IS NULL AND due < $1 AND level <> 'district' ORDER BY due LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
  }

  async rise(m: EntityManager, id: string, level: UrgingLevel, due: Date | null): Promise<void> {
    await m.query(`UPDATE office.urgings SET level = $2, due = $3 WHERE id = $1`, [id, level, due]);
  }
}

export function toView(r: UrgingRow): UrgingView {
  return {
    id: r.id,
    unit: r.unit,
    departmentId: r.department_id,
    level: r.level,
    sentAt: rowIso(r.sent_at)!,
    due: rowIso(r.due),
    sentBy: r.sent_by_name,
    note: r.note,
    acknowledgedAt: rowIso(r.acknowledged_at),
    acknowledgedBy: r.acknowledged_by_name,
  };
}
