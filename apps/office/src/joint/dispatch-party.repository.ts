import { Injectable } from '@nestjs/common';
import { DispatchPartyState, DispatchRole, Unit } from '@grid122/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { SqlParams } from '@grid122/persistence';

export interface PartyRow {
  id: string;
  round: number;
  role: DispatchRole;
  unit: Unit | null;
  department_id: string | null;
  state: DispatchPartyState;
  dispatched_at: Date;
  accepted_at: Date | null;
  reported_at: Date | null;
  feedback: string | null;
  photos: string[];
}

/** A party a dispatch names, in order (leads first). */
export interface NewParty {
  role: DispatchRole;
  unit?: Unit | null;
  departmentId?: string | null;
}

/** office.dispatch_parties (联合派遣): one row per party and dispatch round; every query of it. */
@Injectable()
export class DispatchPartyRepository {
  constructor(private readonly ds: DataSource) {}

  /** A new dispatch round with its parties, in order. */
  async insertRound(m: EntityManager, incidentId: string, parties: NewParty[], now: Date): Promise<void> {
    const [{ round }] = await m.query(`SELECT coalesce(max(round), 0) + 1 AS round FROM office.dispatch_parties WHERE incident_id = $1`, [incidentId]);
    for (const [ord, p] of parties.entries()) {
      await m.query(`INSERT INTO office.dispatch_parties (incident_id, round, ord, role, unit, department_id, dispatched_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        incidentId,
        round,
        ord,
        p.role,
        p.unit ?? null,
        p.departmentId ?? null,
        now,
      ]);
    }
  }

  /** The current round's parties, leads first. */
  current(incidentId: string, m: EntityManager = this.ds.manager): Promise<PartyRow[]> {
    return m.query(
      `SELECT id, round, role, unit, department_id, state, dispatched_at, accepted_at, reported_at, feedback, photos FROM office.dispatch_parties
       WHERE incident_id = $1 AND round = (SELECT max(round) FROM office.dispatch_parties WHERE incident_id = $1)
       ORDER BY (role = 'lead') DESC, ord`,
      [incidentId],
    );
  }

  async set(m: EntityManager, id: string, set: Partial<Omit<PartyRow, 'id'>>): Promise<void> {
    const q = new SqlParams();
    await m.query(`UPDATE office.dispatch_parties SET ${q.sets(set)} WHERE id = ${q.p(id)}`, q.params);
  }

  /** Every party of the current round still out (dispatched or accepted) returned. */
  async returnRound(m: EntityManager, incidentId: string): Promise<void> {
    await m.query(
      `UPDATE office.dispatch_parties SET state = 'returned' WHERE incident_id = $1 AND round = (SELECT max(round) FROM office.dispatch_parties WHERE incident_id = $1) AND state IN ('dispatched', 'accepted')`,
      [incidentId],
    );
  }
}
