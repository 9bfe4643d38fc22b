import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

type Q = Pick<EntityManager, 'query'>;

export interface PartyOrgRow {
  id: string;
  grid_id: string;
  grid_path: string;
  grid_name: string;
  kind: string;
  name: string;
  members: number;
  expected_kind: string;
  secretary_id: string | null;
  secretary_name: string | null;
}

export interface CommitmentRow {
  id: string;
  party_org_id: string;
  member_name: string;
  staff_id: string | null;
  content: string;
  year: number;
  state: string;
  pledged_at: Date;
  fulfilled_at: Date | null;
  fulfilment_note: string | null;
}

/** The size rule in SQL, so the mismatch report is one indexed query. */
const EXPECTED = `CASE WHEN o.members >= 100 THEN 'committee' WHEN o.members >= 50 THEN 'general_branch' ELSE 'branch' END`;

@Injectable()
export class PartyRepository {
  constructor(private readonly ds: DataSource) {}

  async list(f: { scope: string; gridId?: string; kind?: string; mismatch?: boolean; id?: string }, m: Q = this.ds): Promise<PartyOrgRow[]> {
    return m.query(
      `SELECT o.id, o.grid_id, o.grid_path::text AS grid_path, g.name AS grid_name, o.kind, o.name, o.members, ${EXPECTED} AS expected_kind,
         o.secretary_id, s.name AS secretary_name
       FROM registry.party_orgs o JOIN registry.grids g ON g.id = o.grid_id LEFT JOIN registry.staff s ON s.id = o.secretary_id
       WHERE o.grid_path <@ $1::ltree AND ($2::uuid IS NULL OR o.grid_id = $2) AND ($3::text IS NULL OR o.kind = $3)
         AND ($4::boolean IS NULL OR (o.kind <> ${EXPECTED}) = $4) AND ($5::uuid IS NULL OR o.id = $5)
       ORDER BY o.grid_path, o.name`,
      [f.scope, f.gridId ?? null, f.kind ?? null, f.mismatch ?? null, f.id ?? null],
    );
  }

  async lock(m: Q, id: string, scope: string): Promise<{ id: string; kind: string; members: number; grid_path: string } | null> {
    const rows = await m.query(`SELECT id, kind, members, grid_path::text AS grid_path FROM registry.party_orgs WHERE id = $1 AND grid_path <@ $2::ltree FOR UPDATE`, [id, scope]);
    return rows[0] ?? null;
  }

  async insert(m: Q, o: { gridId: string; gridPath: string; kind: string; name: string; members: number; secretaryId: string | null }): Promise<string> {
    const rows = await m.query(
      `INSERT INTO registry.party_orgs (grid_id, grid_path, kind, name, members, secretary_id) VALUES ($1, $2::ltree, $3, $4, $5, $6) RETURNING id`,
      [o.gridId, o.gridPath, o.kind, o.name, o.members, o.secretaryId],
    );
    return rows[0].id;
  }

  async update(m: Q, id: string, o: { kind?: string; name?: string; members?: number; secretaryId?: string }): Promise<void> {
    await m.query(
      `UPDATE registry.party_orgs SET kind = coalesce($2, kind), name = coalesce($3, name), members = coalesce($4, members),
         secretary_id = coalesce($5, secretary_id), updated_at = now() WHERE id = $1`,
      [id, o.kind ?? null, o.name ?? null, o.members ?? null, o.secretaryId ?? null],
    );
  }

  async commitments(partyOrgId: string, year?: number, id?: string, m: Q = this.ds): Promise<CommitmentRow[]> {
    return m.query(
      `SELECT id, party_org_id, member_name, staff_id, content, year, state, pledged_at, fulfilled_at, fulfilment_note
       FROM registry.party_commitments WHERE ($1::uuid IS NULL OR party_org_id = $1) AND ($2::int IS NULL OR year = $2) AND ($3::uuid IS NULL OR id = $3)
       ORDER BY year DESC, pledged_at`,
      [partyOrgId || null, year ?? null, id ?? null],
    );
  }

  async lockCommitment(m: Q, id: string, scope: string): Promise<CommitmentRow | null> {
    const rows = await m.query(`SELECT * FROM registry.party_commitments WHERE id = $1 AND grid_path <@ $2::ltree FOR UPDATE`, [id, scope]);
    return rows[0] ?? null;
  }

  async insertCommitment(m: Q, c: { partyOrgId: string; gridPath: string; memberName: string; staffId: string | null; content: string; year: number }): Promise<string> {
    const rows = await m.query(
      `INSERT INTO registry.party_commitments (party_org_id, grid_path, member_name, staff_id, content, year) VALUES ($1, $2::ltree, $3, $4, $5, $6) RETURNING id`,
      [c.partyOrgId, c.gridPath, c.memberName, c.staffId, c.content, c.year],
    );
    return rows[0].id;
  }

  async fulfil(m: Q, id: string, note: string): Promise<void> {
    await m.query(`UPDATE registry.party_commitments SET state = 'fulfilled', fulfilled_at = now(), fulfilment_note = $2 WHERE id = $1`, [id, note]);
  }
}
