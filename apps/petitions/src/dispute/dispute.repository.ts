import { Injectable } from '@nestjs/common';
import { SqlParams } from '@grid122/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { linkIncident, openCaseOf } from '../intake/incident-link';
import { nextRegisterRef } from '../shared/register-ref';

export interface DisputeRow {
  id: string;
  ref: string;
  type: string;
  summary: string;
  grid_path: string;
  grid_id: string | null;
  state: string;
  mediators: { kind: string; name: string; accountId: string | null }[];
  agreement_terms: string | null;
  settled_level: string | null;
  settled_at: Date | null;
  failure_reason: string | null;
  referred_to: string | null;
  incident_id: string | null;
  opened_by_id: string | null;
  opened_by_name: string | null;
  opened_at: Date;
  closed_at: Date | null;
}

export interface PartyRow {
  id: string;
  dispute_id: string;
  side: string;
  name: string;
  id_number: string | null;
  phone: string | null;
}

export interface SessionRow {
  id: string;
  dispute_id: string;
  held_at: Date;
  place: string | null;
  mediators: { kind: string; name: string; accountId: string | null }[];
  summary: string;
  result: string;
  recorded_by_name: string;
}

const SELECT = `SELECT d.*, d.grid_path::text AS grid_path FROM petitions.disputes d`;

/** Every query on disputes, their parties and mediation sessions. */
@Injectable()
export class DisputeRepository {
  constructor(private readonly ds: DataSource) {}

  nextRef(m: EntityManager, at: Date): Promise<string> {
    return nextRegisterRef(m, 'dispute', at);
  }

  async insert(
    m: EntityManager,
    r: { ref: string; type: string; summary: string; gridPath: string; gridId: string | null; mediators: unknown[]; incidentId: string | null; openedById: string | null; openedByName: string | null },
  ): Promise<string> {
    const [{ id }] = await m.query(
      `INSERT INTO petitions.disputes (ref, type, summary, grid_path, grid_id, state, mediators, incident_id, opened_by_id, opened_by_name)
       VALUES ($1,$2,$3,$4::ltree,$5,'open',$6::jsonb,$7,$8,$9) RETURNING id`,
      [r.ref, r.type, r.summary, r.gridPath, r.gridId, JSON.stringify(r.mediators), r.incidentId, r.openedById, r.openedByName],
    );
    return id;
  }

  async addParty(m: EntityManager, disputeId: string, p: { side: string; name: string; idNumber: string | null; phone: string | null; hash: string | null }): Promise<void> {
    await m.query(
      `INSERT INTO petitions.dispute_parties (dispute_id, side, name, id_number, phone, person_hash) VALUES ($1,$2,$3,$4,$5,$6)`,
      [disputeId, p.side, p.name, p.idNumber, p.phone, p.hash],
    );
  }

  async addSession(
    m: EntityManager,
    s: { disputeId: string; heldAt: Date; place: string | null; mediators: unknown[]; summary: string; result: string; byId: string; byName: string },
  ): Promise<void> {
    await m.query(
      `INSERT INTO petitions.dispute_sessions (dispute_id, held_at, place, mediators, summary, result, recorded_by_id, recorded_by_name)
       VALUES ($1,$2,$3,$4::jsonb,$5,$6,$7,$8)`,
      [s.disputeId, s.heldAt, s.place, JSON.stringify(s.mediators), s.summary, s.result, s.byId, s.byName],
    );
  }

  async get(id: string, m: EntityManager = this.ds.manager, lock = false): Promise<DisputeRow | null> {
    const rows = await m.query(`${SELECT} WHERE d.id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return rows[0] ?? null;
  }

  linkIncident(m: EntityManager, id: string, incidentId: string): Promise<boolean> {
    return linkIncident(m, 'petitions.disputes', id, incidentId);
  }

  findOpenByIncident(m: EntityManager, incidentId: string): Promise<string | null> {
    return openCaseOf(m, 'petitions.disputes', incidentId);
  }

  async parties(ids: string[], m: EntityManager = this.ds.manager): Promise<PartyRow[]> {
    if (!ids.length) return [];
    return m.query(`SELECT id, dispute_id, side, name, id_number, phone FROM petitions.dispute_parties WHERE dispute_id = ANY($1) ORDER BY created_at, id`, [ids]);
  }

  async sessions(ids: string[]): Promise<SessionRow[]> {
    if (!ids.length) return [];
    return this.ds.query(
      `SELECT id, dispute_id, held_at, place, mediators, summary, result, recorded_by_name FROM petitions.dispute_sessions WHERE dispute_id = ANY($1) ORDER BY held_at, created_at`,
      [ids],
    );
  }

  async update(m: EntityManager, id: string, patch: Record<string, unknown>): Promise<void> {
    const q = new SqlParams();
    const values = 'mediators' in patch ? { ...patch, mediators: JSON.stringify(patch.mediators) } : patch;
    await m.query(`UPDATE petitions.disputes SET ${q.sets(values, { mediators: 'jsonb' })}, updated_at = now() WHERE id = ${q.p(id)}`, q.params);
  }

  async list(f: { scope: string; state?: string; type?: string; limit: number; offset: number }): Promise<{ rows: DisputeRow[]; total: number }> {
    const q = new SqlParams();
    if (f.scope) q.under('d.grid_path', f.scope);
    if (f.state) q.and(`d.state = ${q.p(f.state)}`);
    if (f.type) q.and(`d.type = ${q.p(f.type)}`);
    const [page, params] = q.page(f.limit, f.offset);
    const rows = await this.ds.query(`${SELECT} ${q.where()} ORDER BY d.opened_at DESC, d.id ${page}`, params);
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM petitions.disputes d ${q.where()}`, q.params);
    return { rows, total: n };
  }
}
