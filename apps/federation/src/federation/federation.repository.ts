import { Injectable } from '@nestjs/common';
import { streetZoneSql } from '@grid122/calendar';
import { IncidentEventData } from '@grid122/contracts';
import { DataSource, EntityManager } from 'typeorm';

/** `($n = '' OR col <@ $n::ltree)`: an empty scope is the whole map (admin). */
const inScope = (col: string, n: number) => `($${n}::text = '' OR ${col} <@ $${n}::ltree)`;

export interface EscalationRow {
  event_id: string;
  incident_id: string;
  street: string;
  code: string;
  title: string;
  key_area: string;
  category: string;
  grid_path: string;
  reason: string;
  description: string;
  address: string | null;
  location: { lng: number; lat: number } | null;
  history: NonNullable<IncidentEventData['escalation']>['history'];
  escalated_at: Date;
  incident_state: string;
}

export interface FigureRow {
  street: string;
  key_area: string;
  found: number;
  solved: number;
  closed: number;
  escalated: number;
  last_event_at: Date | null;
}

export interface TaskRow {
  id: string;
  street: string;
  reference: string;
  channel: string;
  title: string;
  key_area: string;
  category: string;
  grid_path: string;
  body_hash: string;
  issued_at: Date;
  due_at: string | null;
  incident_id: string | null;
  incident_code: string | null;
  incident_state: string | null;
}

/** Every query of the district's read model (schema federation). */
@Injectable()
export class FederationRepository {
  constructor(private readonly ds: DataSource) {}

  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(fn);
  }

  /** The inbox: true when this consumer has not seen the event yet (and now has). */
  async claim(m: EntityManager, consumer: string, eventId: string): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO federation.inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
      [consumer, eventId],
    );
    return rows.length > 0;
  }

  /**
   * The incident's latest state (for the figures). A stream delivers one street's events in order;
   * the guard on last_event_at keeps a late redelivery of an older event from rolling it back.
   */
  async upsertIncident(m: EntityManager, street: string, d: IncidentEventData, occurredAt: string, escalatedNow: boolean): Promise<void> {
    await m.query(
      `INSERT INTO federation.incidents AS f
         (incident_id, street, grid_path, code, key_area, month, state, source, source_ref, found, solved, closed, escalated, reported_at, last_event_at)
       VALUES ($1, $2, $3::ltree, $4, $5, date_trunc('month', $6::timestamptz AT TIME ZONE ${streetZoneSql()})::date, $7, $8, $9,
               $7 <> 'duplicate', $10, $7 = 'closed', $11, $6::timestamptz, $12::timestamptz)
       ON CONFLICT (incident_id) DO UPDATE SET
         state = CASE WHEN f.last_event_at <= EXCLUDED.last_event_at THEN EXCLUDED.state ELSE f.state END,
         solved = CASE WHEN f.last_event_at <= EXCLUDED.last_event_at THEN EXCLUDED.solved ELSE f.solved END,
         closed = CASE WHEN f.last_event_at <= EXCLUDED.last_event_at THEN EXCLUDED.closed ELSE f.closed END,
         key_area = CASE WHEN f.last_event_at <= EXCLUDED.last_event_at THEN EXCLUDED.key_area ELSE f.key_area END,
         found = f.found AND EXCLUDED.found,
         escalated = f.escalated OR EXCLUDED.escalated,
         grid_path = EXCLUDED.grid_path,
         last_event_at = greatest(f.last_event_at, EXCLUDED.last_event_at),
         updated_at = now()`,
      [
        d.incidentId,
        street,
        d.gridPath,
        d.code,
        d.keyArea,
        d.reportedAt,
        d.state,
        d.source,
        d.sourceRef ?? null,
        d.state === 'closed' && d.closureType === 'fixed',
        escalatedNow,
        occurredAt,
      ],
    );
  }

  async insertEscalation(m: EntityManager, eventId: string, street: string, d: IncidentEventData, occurredAt: string): Promise<void> {
    const e = d.escalation;
    await m.query(
      `INSERT INTO federation.escalations
         (event_id, incident_id, street, code, title, key_area, category, grid_path, reason, description, address, location, history, escalated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::ltree, $9, $10, $11, $12::jsonb, $13::jsonb, $14::timestamptz)
       ON CONFLICT (event_id) DO NOTHING`,
      [
        eventId,
        d.incidentId,
        street,
        d.code,
        d.title,
        d.keyArea,
        d.category,
        d.gridPath,
        e?.reason ?? d.note ?? '',
        e?.description ?? '',
        d.address,
        d.location ? JSON.stringify(d.location) : null,
        JSON.stringify(e?.history ?? []),
        occurredAt,
      ],
    );
  }

  /** One escalation of a street in the caller's scope (the latest, if it went up more than once). */
  async escalation(scope: string, incidentId: string): Promise<EscalationRow | undefined> {
    const rows: EscalationRow[] = await this.ds.query(
      `SELECT e.*, e.grid_path::text AS grid_path, coalesce(i.state, 'escalated') AS incident_state
         FROM federation.escalations e
         LEFT JOIN federation.incidents i ON i.incident_id = e.incident_id
        WHERE ${inScope('e.grid_path', 1)} AND e.incident_id = $2
        ORDER BY e.escalated_at DESC LIMIT 1`,
      [scope, incidentId],
    );
    return rows[0];
  }

  async escalations(scope: string, f: { street?: string; status?: 'open' | 'closed'; limit: number }): Promise<EscalationRow[]> {
    return this.ds.query(
      `SELECT e.*, e.grid_path::text AS grid_path, coalesce(i.state, 'escalated') AS incident_state
         FROM federation.escalations e
         LEFT JOIN federation.incidents i ON i.incident_id = e.incident_id
        WHERE ${inScope('e.grid_path', 1)}
          AND ($2::text IS NULL OR e.street = $2)
          AND ($3::text IS NULL OR ($3 = 'closed') = (coalesce(i.state, 'escalated') = 'closed'))
        ORDER BY e.escalated_at DESC, e.event_id
        LIMIT $4`,
      [scope, f.street ?? null, f.status ?? null, f.limit],
    );
  }

  /** Figures of one month (cohort: problems reported in it), per street and key area. */
  async figures(scope: string, month: string): Promise<FigureRow[]> {
    return this.ds.query(
      `SELECT street, key_area,
              count(*) FILTER (WHERE found)::int AS found,
              count(*) FILTER (WHERE found AND solved)::int AS solved,
              count(*) FILTER (WHERE found AND closed)::int AS closed,
              count(*) FILTER (WHERE found AND escalated)::int AS escalated,
              max(last_event_at) AS last_event_at
         FROM federation.incidents
        WHERE month = $2::date AND ${inScope('grid_path', 1)}
        GROUP BY street, key_area`,
      [scope, `${month}-01`],
    );
  }

  /** When each street was last heard of (any month). */
  async lastEvents(): Promise<{ street: string; at: Date }[]> {
    return this.ds.query(`SELECT street, max(last_event_at) AS at FROM federation.incidents GROUP BY street`);
  }

  /** Records a hand-down once; returns the existing row when the reference was already used. */
  async insertTask(
    m: EntityManager,
    t: { id: string; street: string; reference: string; channel: string; title: string; keyArea: string; category: string; gridPath: string; bodyHash: string; message: unknown; issuedBy: string },
  ): Promise<{ inserted: boolean; bodyHash: string }> {
    const rows: { body_hash: string }[] = await m.query(
      `INSERT INTO federation.tasks (id, street, reference, channel, title, key_area, category, grid_path, body_hash, message, issued_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::ltree, $9, $10::jsonb, $11)
       ON CONFLICT (id) DO NOTHING RETURNING body_hash`,
      [t.id, t.street, t.reference, t.channel, t.title, t.keyArea, t.category, t.gridPath, t.bodyHash, JSON.stringify(t.message), t.issuedBy],
    );
    if (rows.length > 0) return { inserted: true, bodyHash: t.bodyHash };
    const existing: { body_hash: string }[] = await m.query(`SELECT body_hash FROM federation.tasks WHERE id = $1`, [t.id]);
    return { inserted: false, bodyHash: existing[0]?.body_hash ?? '' };
  }

  async tasks(scope: string, f: { id?: string; street?: string; limit: number }): Promise<TaskRow[]> {
    return this.ds.query(
      `SELECT t.id, t.street, t.reference, t.channel, t.title, t.key_area, t.category, t.grid_path::text AS grid_path, t.body_hash, t.issued_at, t.message->>'dueAt' AS due_at,
              i.incident_id, i.code AS incident_code, i.state AS incident_state
         FROM federation.tasks t
         LEFT JOIN LATERAL (
           SELECT incident_id, code, state FROM federation.incidents fi
            WHERE fi.street = t.street AND fi.source = 'district_platform' AND fi.source_ref = t.reference
            ORDER BY fi.reported_at LIMIT 1) i ON true
        WHERE ${inScope('t.grid_path', 1)}
          AND ($2::uuid IS NULL OR t.id = $2)
          AND ($3::text IS NULL OR t.street = $3)
        ORDER BY t.issued_at DESC, t.id
        LIMIT $4`,
      [scope, f.id ?? null, f.street ?? null, f.limit],
    );
  }
}
