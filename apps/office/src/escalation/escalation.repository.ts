import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { EscalationDeliveryState } from '@grid122/contracts';

export interface DeliveryRow {
  id: string;
  event_id: string;
  incident_id: string;
  incident_code: string;
  grid_path: string;
  url: string;
  payload: unknown;
  state: EscalationDeliveryState;
  attempts: number;
  next_attempt_at: Date;
  last_status: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  dead_at: Date | null;
  created_at: Date;
}

const COLS = `id, event_id, incident_id, incident_code, grid_path::text AS grid_path, url, payload, state, attempts, next_attempt_at,
  last_status, last_error, delivered_at, dead_at, created_at`;

/** Every query of the escalation webhook's deliveries. */
@Injectable()
export class EscalationRepository {
  constructor(private readonly ds: DataSource) {}

  /** Inside the consumer's inbox transaction: one delivery per event, whatever the redeliveries. */
  async enqueue(m: EntityManager, d: { eventId: string; incidentId: string; incidentCode: string; gridPath: string; url: string; payload: unknown }): Promise<void> {
    await m.query(
      `INSERT INTO office.escalation_deliveries (event_id, incident_id, incident_code, grid_path, url, payload)
       VALUES ($1, $2, $3, $4::ltree, $5, $6::jsonb) ON CONFLICT (event_id) DO NOTHING`,
      [d.eventId, d.incidentId, d.incidentCode, d.gridPath, d.url, JSON.stringify(d.payload)],
    );
  }

  /**
   * Claims due deliveries for one attempt: SKIP LOCKED so replicas never take the same row, and a
   * lease on next_attempt_at so a replica that dies mid-send gives it back after the lease.
   */
  async claimDue(limit: number, leaseMs: number): Promise<DeliveryRow[]> {
    const [rows] = await this.ds.query(
      `UPDATE office.escalation_deliveries d SET next_attempt_at = now() + make_interval(secs => $2::float8 / 1000), updated_at = now()
        WHERE d.id IN (SELECT id FROM office.escalation_deliveries WHERE state = 'pending' AND next_attempt_at <= now()
                        ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING ${COLS.replace('grid_path::text', 'd.grid_path::text')}`,
      [limit, leaseMs],
    );
    return rows as DeliveryRow[];
  }

  async markDelivered(id: string, status: number): Promise<void> {
    await this.ds.query(
      `UPDATE office.escalation_deliveries SET state = 'delivered', attempts = attempts + 1, last_status = $2, last_error = NULL,
         delivered_at = now(), updated_at = now() WHERE id = $1 AND state = 'pending'`,
      [id, status],
    );
  }

  /** A failed attempt: retry after `retryInMs`, or dead-letter once attempts reach `maxAttempts`. */
  async markFailed(id: string, status: number | null, error: string, maxAttempts: number, retryInMs: (attempt: number) => number, attemptsBefore: number): Promise<void> {
    const attempt = attemptsBefore + 1;
    const dead = attempt >= maxAttempts;
    await this.ds.query(
      `UPDATE office.escalation_deliveries SET attempts = $2, last_status = $3, last_error = left($4, 500), updated_at = now(),
         state = CASE WHEN $5 THEN 'dead' ELSE 'pending' END,
         dead_at = CASE WHEN $5 THEN now() ELSE NULL END,
         next_attempt_at = now() + make_interval(secs => $6::float8 / 1000)
       WHERE id = $1 AND state = 'pending'`,
      [id, attempt, status, error, dead, dead ? 0 : retryInMs(attempt)],
    );
  }

  async list(scope: string, state: EscalationDeliveryState | undefined, limit: number): Promise<DeliveryRow[]> {
    return this.ds.query(
      `SELECT ${COLS} FROM office.escalation_deliveries
        WHERE grid_path <@ $1::ltree AND ($2::text IS NULL OR state = $2) ORDER BY created_at DESC, id DESC LIMIT $3`,
      [scope, state ?? null, limit],
    );
  }

  async counts(scope: string): Promise<Record<EscalationDeliveryState, number>> {
    const rows: { state: EscalationDeliveryState; n: number }[] = await this.ds.query(
      `SELECT state, count(*)::int AS n FROM office.escalation_deliveries WHERE grid_path <@ $1::ltree GROUP BY state`,
      [scope],
    );
    const c = { pending: 0, delivered: 0, dead: 0 };
    for (const r of rows) c[r.state] = r.n;
    return c;
  }

  async get(id: string): Promise<DeliveryRow | null> {
    const rows: DeliveryRow[] = await this.ds.query(`SELECT ${COLS} FROM office.escalation_deliveries WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** A dead delivery goes back in the queue with a fresh attempt count (the history of errors stays in last_error). */
  async requeue(id: string): Promise<boolean> {
    const [, n] = await this.ds.query(
      `UPDATE office.escalation_deliveries SET state = 'pending', attempts = 0, dead_at = NULL, next_attempt_at = now(), updated_at = now()
        WHERE id = $1 AND state = 'dead'`,
      [id],
    );
    return n > 0;
  }
}
