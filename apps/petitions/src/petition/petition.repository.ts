import { Injectable } from '@nestjs/common';
import { SqlParams } from '@grid122/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { linkIncident, openCaseOf } from '../intake/incident-link';
import { nextRegisterRef } from '../shared/register-ref';

/** A petitions row as read (snake_case columns plus the computed repeat_count and overdue). */
export interface PetitionRow {
  id: string;
  ref: string;
  channel: string;
  petitioner_kind: string;
  petitioner_name: string | null;
  petitioner_id_number: string | null;
  petitioner_phone: string | null;
  petitioner_hash: string | null;
  headcount: number;
  collective: boolean;
  matter: string;
  summary: string;
  key_area: string;
  grid_path: string;
  grid_id: string | null;
  state: string;
  owner_id: string | null;
  owner_name: string | null;
  received_by_id: string | null;
  received_by_name: string | null;
  received_at: Date;
  accept_due_at: Date;
  accepted_at: Date | null;
  decision_note: string | null;
  reply_due_at: Date | null;
  extended_days: number;
  extension_reason: string | null;
  replied_at: Date | null;
  reply: string | null;
  reply_on_time: boolean | null;
  complaint_verified_against_id: string | null;
  closed_at: Date | null;
  repeat_of_id: string | null;
  incident_id: string | null;
  repeat_count: number;
  overdue: string | null;
}

export type PetitionInsert = Omit<
  PetitionRow,
  'id' | 'collective' | 'repeat_count' | 'overdue' | 'accepted_at' | 'decision_note' | 'reply_due_at' | 'extended_days' | 'extension_reason' | 'replied_at' | 'reply' | 'reply_on_time' | 'complaint_verified_against_id' | 'closed_at'
>;

export interface PetitionFilter {
  scope: string;
  state?: string;
  channel?: string;
  matter?: string;
  collective?: boolean;
  repeat?: boolean;
  overdueOnly?: boolean;
  limit: number;
  offset: number;
}

const SELECT = `
  SELECT p.*, p.grid_path::text AS grid_path,
    (SELECT count(*) FROM petitions.petitions c
      WHERE c.id = COALESCE(p.repeat_of_id, p.id) OR c.repeat_of_id = COALESCE(p.repeat_of_id, p.id))::int AS repeat_count,
    CASE WHEN p.state = 'received' AND p.accept_due_at < now() THEN 'acceptance'
         WHEN p.state = 'accepted' AND p.reply_due_at < now() THEN 'reply' END AS overdue
  FROM petitions.petitions p`;

/** Every query on petitions and their hand-overs. */
@Injectable()
export class PetitionRepository {
  constructor(private readonly ds: DataSource) {}

  nextRef(m: EntityManager, at: Date): Promise<string> {
    return nextRegisterRef(m, 'petition', at);
  }

  async insert(m: EntityManager, r: PetitionInsert): Promise<string> {
    const cols = Object.keys(r);
    const vals = Object.values(r);
    const [{ id }] = await m.query(
      `INSERT INTO petitions.petitions (${cols.map((c) => `"${c}"`).join(',')}) VALUES (${cols.map((c, i) => (c === 'grid_path' ? `$${i + 1}::ltree` : `$${i + 1}`)).join(',')}) RETURNING id`,
      vals,
    );
    return id;
  }

  /** The first petition of the chain this petitioner's petition on this matter repeats (重复信访), if any. */
  async findRepeatRoot(m: EntityManager, hashes: string[], matter: string, since: Date): Promise<string | null> {
    const rows = await m.query(
      `SELECT COALESCE(repeat_of_id, id) AS root FROM petitions.petitions
        WHERE petitioner_hash = ANY($1::text[]) AND matter = $2 AND received_at >= $3
        ORDER BY received_at ASC LIMIT 1`,
      [hashes, matter, since],
    );
    return rows[0]?.root ?? null;
  }

  async get(id: string, m: EntityManager = this.ds.manager, lock = false): Promise<PetitionRow | null> {
    if (lock) await m.query(`SELECT 1 FROM petitions.petitions WHERE id = $1 FOR UPDATE`, [id]);
    const rows = await m.query(`${SELECT} WHERE p.id = $1`, [id]);
    return rows[0] ?? null;
  }

  linkIncident(m: EntityManager, id: string, incidentId: string): Promise<boolean> {
    return linkIncident(m, 'petitions.petitions', id, incidentId);
  }

  findOpenByIncident(m: EntityManager, incidentId: string): Promise<string | null> {
    return openCaseOf(m, 'petitions.petitions', incidentId);
  }

  async list(f: PetitionFilter): Promise<{ rows: PetitionRow[]; total: number }> {
    const q = new SqlParams();
    if (f.scope) q.under('p.grid_path', f.scope);
    if (f.state) q.and(`p.state = ${q.p(f.state)}`);
    if (f.channel) q.and(`p.channel = ${q.p(f.channel)}`);
    if (f.matter) q.and(`p.matter = ${q.p(f.matter)}`);
    if (f.collective !== undefined) q.and(`p.collective = ${q.p(f.collective)}`);
    if (f.repeat !== undefined) q.and(f.repeat ? `p.repeat_of_id IS NOT NULL` : `p.repeat_of_id IS NULL`);
    if (f.overdueOnly) q.and(`((p.state = 'received' AND p.accept_due_at < now()) OR (p.state = 'accepted' AND p.reply_due_at < now()))`);
    const order = f.overdueOnly ? `ORDER BY COALESCE(p.reply_due_at, p.accept_due_at) ASC` : `ORDER BY p.received_at DESC, p.id`;
    const [page, params] = q.page(f.limit, f.offset);
    const rows = await this.ds.query(`${SELECT} ${q.where()} ${order} ${page}`, params);
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM petitions.petitions p ${q.where()}`, q.params);
    return { rows, total: n };
  }

  async update(m: EntityManager, id: string, patch: Record<string, unknown>): Promise<void> {
    const q = new SqlParams();
    await m.query(`UPDATE petitions.petitions SET ${q.sets(patch)}, updated_at = now() WHERE id = ${q.p(id)}`, q.params);
  }

  async addHandover(m: EntityManager, h: { petitionId: string; fromId: string | null; fromName: string; toId: string; toName: string; reason: string }): Promise<void> {
    await m.query(
      `INSERT INTO petitions.petition_handovers (petition_id, from_id, from_name, to_id, to_name, reason) VALUES ($1,$2,$3,$4,$5,$6)`,
      [h.petitionId, h.fromId, h.fromName, h.toId, h.toName, h.reason],
    );
  }

  async handovers(id: string): Promise<{ from_id: string | null; from_name: string; to_id: string; to_name: string; reason: string; at: Date }[]> {
    return this.ds.query(`SELECT from_id, from_name, to_id, to_name, reason, at FROM petitions.petition_handovers WHERE petition_id = $1 ORDER BY at`, [id]);
  }

  async chain(rootId: string): Promise<{ id: string; ref: string; received_at: Date; state: string }[]> {
    return this.ds.query(
      `SELECT id, ref, received_at, state FROM petitions.petitions WHERE id = $1 OR repeat_of_id = $1 ORDER BY received_at`,
      [rootId],
    );
  }
}
