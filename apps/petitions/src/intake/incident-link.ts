import { EntityManager } from 'typeorm';

/** The group's own cases the office's ledger takes in by dispatch: petitions and disputes. */
export type CaseTable = 'petitions.petitions' | 'petitions.disputes';

/** Links the group's own case to the office incident that took it into the ledger (the first link stays); false if no such case. */
export async function linkIncident(m: EntityManager, table: CaseTable, id: string, incidentId: string): Promise<boolean> {
  const rows = await m.query(`WITH u AS (UPDATE ${table} SET incident_id = COALESCE(incident_id, $2) WHERE id = $1 RETURNING id) SELECT id FROM u`, [id, incidentId]);
  return rows.length > 0;
}

/** The case opened for an office incident and not returned to the office, if any (a second dispatch opens none). */
export async function openCaseOf(m: EntityManager, table: CaseTable, incidentId: string): Promise<string | null> {
  const rows = await m.query(`SELECT id FROM ${table} WHERE incident_id = $1 AND state <> 'returned'`, [incidentId]);
  return rows[0]?.id ?? null;
}
