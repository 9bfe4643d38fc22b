import { Injectable } from '@nestjs/common';
import { SqlParams } from '@grid122/persistence';
import { DataSource, EntityManager } from 'typeorm';

export interface ReceptionRow {
  id: string;
  kind: string;
  leader_name: string;
  leader_title: string;
  topic: string;
  place: string | null;
  grid_path: string;
  starts_at: Date;
  ends_at: Date;
  state: string;
  published_at: Date | null;
  held_at: Date | null;
  outcome: string | null;
}

export interface SlotRow {
  id: string;
  reception_id: string;
  starts_at: Date;
  ends_at: Date;
  petition_id: string | null;
  petition_ref: string | null;
  booked_at: Date | null;
  outcome: string | null;
  resolved: boolean | null;
}

/** Every query on leadership receptions (三层接访) and their slots. */
@Injectable()
export class ReceptionRepository {
  constructor(private readonly ds: DataSource) {}

  async insert(
    m: EntityManager,
    r: { kind: string; leaderName: string; leaderTitle: string; topic: string; place: string | null; gridPath: string; startsAt: Date; endsAt: Date; slotMinutes: number; state: string; publishedAt: Date | null; createdById: string },
  ): Promise<string> {
    const [{ id }] = await m.query(
      `INSERT INTO petitions.receptions (kind, leader_name, leader_title, topic, place, grid_path, starts_at, ends_at, slot_minutes, state, published_at, created_by_id)
       VALUES ($1,$2,$3,$4,$5,$6::ltree,$7,$8,$9,$10,$11,$12) RETURNING id`,
      [r.kind, r.leaderName, r.leaderTitle, r.topic, r.place, r.gridPath, r.startsAt, r.endsAt, r.slotMinutes, r.state, r.publishedAt, r.createdById],
    );
    return id;
  }

  async insertSlots(m: EntityManager, receptionId: string, slots: { startsAt: Date; endsAt: Date; petitionId?: string | null }[]): Promise<void> {
    for (const s of slots) {
      await m.query(
        `INSERT INTO petitions.reception_slots (reception_id, starts_at, ends_at, petition_id, booked_at) VALUES ($1,$2,$3,$4,$5)`,
        [receptionId, s.startsAt, s.endsAt, s.petitionId ?? null, s.petitionId ? new Date() : null],
      );
    }
  }

  async get(id: string, m: EntityManager = this.ds.manager, lock = false): Promise<ReceptionRow | null> {
    const rows = await m.query(`SELECT r.*, r.grid_path::text AS grid_path FROM petitions.receptions r WHERE r.id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return rows[0] ?? null;
  }

  async slots(ids: string[]): Promise<SlotRow[]> {
    if (!ids.length) return [];
    return this.ds.query(
      `SELECT s.id, s.reception_id, s.starts_at, s.ends_at, s.petition_id, p.ref AS petition_ref, s.booked_at, s.outcome, s.resolved
         FROM petitions.reception_slots s LEFT JOIN petitions.petitions p ON p.id = s.petition_id
        WHERE s.reception_id = ANY($1) ORDER BY s.starts_at`,
      [ids],
    );
  }

  /** Takes a free slot atomically: no double booking even for two bookings at the same instant. */
  async book(m: EntityManager, slotId: string, receptionId: string, petitionId: string, byId: string): Promise<'ok' | 'taken' | 'missing'> {
    const rows = await m.query(
      `UPDATE petitions.reception_slots SET petition_id = $3, booked_at = now(), booked_by_id = $4
        WHERE id = $1 AND reception_id = $2 AND petition_id IS NULL RETURNING id`,
      [slotId, receptionId, petitionId, byId],
    );
    if (rows[0]?.[0]?.id ?? rows[0]?.id) return 'ok';
    const exists = await m.query(`SELECT 1 FROM petitions.reception_slots WHERE id = $1 AND reception_id = $2`, [slotId, receptionId]);
    return exists.length ? 'taken' : 'missing';
  }

  async slotOf(m: EntityManager, slotId: string, receptionId: string): Promise<{ id: string; petition_id: string | null } | null> {
    const rows = await m.query(`SELECT id, petition_id FROM petitions.reception_slots WHERE id = $1 AND reception_id = $2 FOR UPDATE`, [slotId, receptionId]);
    return rows[0] ?? null;
  }

  async petitionBooked(m: EntityManager, receptionId: string, petitionId: string): Promise<boolean> {
    return (await m.query(`SELECT 1 FROM petitions.reception_slots WHERE reception_id = $1 AND petition_id = $2`, [receptionId, petitionId])).length > 0;
  }

  async recordSlot(m: EntityManager, slotId: string, outcome: string, resolved: boolean): Promise<void> {
    await m.query(`UPDATE petitions.reception_slots SET outcome = $2, resolved = $3 WHERE id = $1`, [slotId, outcome, resolved]);
  }

  async update(m: EntityManager, id: string, patch: Record<string, unknown>): Promise<void> {
    const q = new SqlParams();
    await m.query(`UPDATE petitions.receptions SET ${q.sets(patch)} WHERE id = ${q.p(id)}`, q.params);
  }

  async list(f: { scope: string; kind?: string; state?: string; upcoming?: boolean; limit: number; offset: number }): Promise<{ rows: ReceptionRow[]; total: number }> {
    const q = new SqlParams();
    if (f.scope) q.under('r.grid_path', f.scope);
    if (f.kind) q.and(`r.kind = ${q.p(f.kind)}`);
    if (f.state) q.and(`r.state = ${q.p(f.state)}`);
    if (f.upcoming) q.and(`r.ends_at >= now()`);
    const [page, params] = q.page(f.limit, f.offset);
    const rows = await this.ds.query(
      `SELECT r.*, r.grid_path::text AS grid_path FROM petitions.receptions r ${q.where()} ORDER BY r.starts_at ${f.upcoming ? 'ASC' : 'DESC'} ${page}`,
      params,
    );
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM petitions.receptions r ${q.where()}`, q.params);
    return { rows, total: n };
  }
}
