import { Injectable } from '@nestjs/common';
import { JointOperationRollup } from '@grid122/contracts';
import { pointColumns, sequenceRef, SqlParams } from '@grid122/persistence';
import { DataSource, EntityManager } from 'typeorm';

type Q = DataSource | EntityManager;

export interface OperationRow {
  id: string;
  ref: string;
  name: string;
  description: string | null;
  lead_unit: string;
  commander_id: string;
  commander_name: string | null;
  grid_path: string;
  starts_at: Date;
  ends_at: Date;
}

export interface OperationDepartmentRow {
  operation_id: string;
  department_id: string;
  department_code: string;
  department_name: string;
  people: { name: string; badgeNo: string | null; departmentId: string | null }[];
  acknowledged_at: Date | null;
  acknowledged_by_name: string | null;
}

export interface OperationTargetRow {
  id: string;
  operation_id: string;
  case_id: string | null;
  case_ref: string | null;
  place_name: string | null;
  address: string | null;
  grid_path: string | null;
  lng: number | null;
  lat: number | null;
  inspected: boolean | null;
  violation_found: boolean | null;
  notices_issued: number;
  penalty_amount: string;
  demolished_area_m2: string;
  result_note: string | null;
  result_officers: { name: string; badgeNo: string | null; departmentId: string | null }[] | null;
  recorded_at: Date | null;
  found_case_id: string | null;
  found_case_ref: string | null;
}

/** A target as its result was recorded: what a place finding's case needs. */
export interface RecordedTarget {
  id: string;
  case_id: string | null;
  found_case_id: string | null;
  place_name: string | null;
  address: string | null;
  grid_path: string | null;
  lng: number | null;
  lat: number | null;
}

const OP_COLUMNS = `o.id, o.ref, o.name, o.description, o.lead_unit, o.commander_id, o.commander_name, o.grid_path::text AS grid_path, o.starts_at, o.ends_at`;

/** Visibility: the operation's area overlaps the actor's scope; a liaison sees only operations their department is in. */
function visibility(q: SqlParams, scope: string, liaisonDepartment: string | null): SqlParams {
  q.overlaps('o.grid_path', scope);
  if (liaisonDepartment) q.and(`EXISTS (SELECT 1 FROM enforcement.operation_departments od WHERE od.operation_id = o.id AND od.department_id = ${q.p(liaisonDepartment)}::uuid)`);
  return q;
}

@Injectable()
export class OperationRepository {
  constructor(private readonly ds: DataSource) {}

  async nextRef(m: Q): Promise<string> {
    const rows = await m.query(`SELECT ${sequenceRef('LH', 'enforcement.operation_ref_seq', 4)} AS ref`);
    return rows[0].ref;
  }

  async insert(m: EntityManager, o: { ref: string; name: string; description: string | null; leadUnit: string; commanderId: string; commanderName: string | null; gridPath: string; startsAt: Date; endsAt: Date }): Promise<string> {
    const rows = await m.query(
      `INSERT INTO enforcement.operations (ref, name, description, lead_unit, commander_id, commander_name, grid_path, starts_at, ends_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7::ltree,$8,$9) RETURNING id`,
      [o.ref, o.name, o.description, o.leadUnit, o.commanderId, o.commanderName, o.gridPath, o.startsAt, o.endsAt],
    );
    return rows[0].id;
  }

  async insertDepartment(m: EntityManager, operationId: string, d: { departmentId: string; code: string; name: string; people: unknown }): Promise<void> {
    await m.query(
      `INSERT INTO enforcement.operation_departments (operation_id, department_id, department_code, department_name, people) VALUES ($1,$2,$3,$4,$5::jsonb)`,
      [operationId, d.departmentId, d.code, d.name, JSON.stringify(d.people)],
    );
  }

  async insertTarget(m: EntityManager, operationId: string, sort: number, t: { caseId: string | null; placeName: string | null; address: string | null; gridPath: string | null; location: { lng: number; lat: number } | null }): Promise<void> {
    await m.query(
      `INSERT INTO enforcement.operation_targets (operation_id, sort, case_id, place_name, address, grid_path, point)
       VALUES ($1,$2,$3,$4,$5,$6::ltree, CASE WHEN $7::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($7::float8, $8::float8), 4326) END)`,
      [operationId, sort, t.caseId, t.placeName, t.address, t.gridPath, t.location?.lng ?? null, t.location?.lat ?? null],
    );
  }

  async findVisible(m: Q, id: string, scope: string, liaisonDepartment: string | null, lock = false): Promise<OperationRow | null> {
    const q = new SqlParams();
    visibility(q.and(`o.id = ${q.p(id)}::uuid`), scope, liaisonDepartment);
    const rows = await m.query(`SELECT ${OP_COLUMNS} FROM enforcement.operations o ${q.where()}${lock ? ' FOR UPDATE' : ''}`, q.params);
    return rows[0] ?? null;
  }

  async list(f: { scope: string; liaisonDepartment: string | null; status?: string; now: Date; limit: number; from?: string; to?: string }): Promise<OperationRow[]> {
    const q = visibility(new SqlParams(), f.scope, f.liaisonDepartment);
    if (f.status === 'planned') q.and(`o.starts_at > ${q.p(f.now)}::timestamptz`);
    if (f.status === 'active') q.and(`o.starts_at <= ${q.p(f.now)}::timestamptz AND o.ends_at >= ${q.p(f.now)}::timestamptz`);
    if (f.status === 'finished') q.and(`o.ends_at < ${q.p(f.now)}::timestamptz`);
    if (f.from) q.and(`o.ends_at >= ${q.p(f.from)}::timestamptz`);
    if (f.to) q.and(`o.starts_at < ${q.p(f.to)}::timestamptz`);
    const limit = q.p(f.limit);
    return this.ds.query(`SELECT ${OP_COLUMNS} FROM enforcement.operations o ${q.where()} ORDER BY o.starts_at DESC, o.id LIMIT ${limit}`, q.params);
  }

  async departments(m: Q, ids: string[]): Promise<OperationDepartmentRow[]> {
    if (ids.length === 0) return [];
    return m.query(`SELECT * FROM enforcement.operation_departments WHERE operation_id = ANY($1::uuid[]) ORDER BY department_name`, [ids]);
  }

  async targets(m: Q, operationId: string): Promise<OperationTargetRow[]> {
    return m.query(
      `SELECT t.id, t.operation_id, t.case_id, c.ref AS case_ref, t.place_name, t.address, t.grid_path::text AS grid_path, ${pointColumns('t.point')},
              t.inspected, t.violation_found, t.notices_issued, t.penalty_amount, t.demolished_area_m2, t.result_note, t.result_officers, t.recorded_at,
              t.found_case_id, fc.ref AS found_case_ref
       FROM enforcement.operation_targets t LEFT JOIN enforcement.cases c ON c.id = t.case_id LEFT JOIN enforcement.cases fc ON fc.id = t.found_case_id
       WHERE t.operation_id = $1 ORDER BY t.sort`,
      [operationId],
    );
  }

  async rollups(m: Q, ids: string[]): Promise<Map<string, JointOperationRollup>> {
    const out = new Map<string, JointOperationRollup>();
    if (ids.length === 0) return out;
    const rows: ({ operation_id: string } & JointOperationRollup)[] = await m.query(
      `SELECT operation_id,
              count(*)::int AS "targets",
              count(*) FILTER (WHERE inspected)::int AS "placesInspected",
              count(*) FILTER (WHERE violation_found)::int AS "violationsFound",
              COALESCE(sum(notices_issued), 0)::int AS "noticesIssued",
              count(*) FILTER (WHERE penalty_amount > 0)::int AS "penalties",
              COALESCE(sum(penalty_amount), 0)::float8 AS "penaltyAmount",
              COALESCE(sum(demolished_area_m2), 0)::float8 AS "areaDemolishedM2"
       FROM enforcement.operation_targets WHERE operation_id = ANY($1::uuid[]) GROUP BY operation_id`,
      [ids],
    );
    for (const r of rows) {
      const { operation_id, ...rollup } = r;
      out.set(operation_id, rollup);
    }
    return out;
  }

  async acknowledge(m: EntityManager, operationId: string, departmentId: string, byId: string, byName: string | null): Promise<boolean> {
    const rows = await m.query(
      `UPDATE enforcement.operation_departments SET acknowledged_at = now(), acknowledged_by_id = $3, acknowledged_by_name = $4
       WHERE operation_id = $1 AND department_id = $2 AND acknowledged_at IS NULL RETURNING 1`,
      [operationId, departmentId, byId, byName],
    );
    return rows.length > 0;
  }

  async isParticipant(m: Q, operationId: string, departmentId: string): Promise<boolean> {
    const rows = await m.query(`SELECT 1 FROM enforcement.operation_departments WHERE operation_id = $1 AND department_id = $2`, [operationId, departmentId]);
    return rows.length > 0;
  }

  async recordResult(
    m: EntityManager,
    operationId: string,
    targetId: string,
    r: { inspected: boolean; violationFound: boolean; noticesIssued: number; penaltyAmount: number; demolishedAreaM2: number; note: string | null; officers: unknown; byId: string },
  ): Promise<RecordedTarget | null> {
    // TypeORM answers an UPDATE with [rows, affected]: the rows are the first element.
    const [rows] = (await m.query(
      `UPDATE enforcement.operation_targets SET inspected = $3, violation_found = $4, notices_issued = $5, penalty_amount = $6, demolished_area_m2 = $7,
         result_note = $8, result_officers = $9::jsonb, recorded_at = now(), recorded_by_id = $10
       WHERE operation_id = $1 AND id = $2
       RETURNING id, case_id, found_case_id, place_name, address, grid_path::text AS grid_path, ${pointColumns('point')}`,
      [operationId, targetId, r.inspected, r.violationFound, r.noticesIssued, r.penaltyAmount, r.demolishedAreaM2, r.note, JSON.stringify(r.officers), r.byId],
    )) as [RecordedTarget[], number];
    return rows[0] ?? null;
  }

  /** Keeps the case a place target's violation opened (one per target). */
  async setFoundCase(m: EntityManager, targetId: string, caseId: string): Promise<void> {
    await m.query(`UPDATE enforcement.operation_targets SET found_case_id = $2 WHERE id = $1 AND found_case_id IS NULL AND case_id IS NULL`, [targetId, caseId]);
  }

  /** Operations that have started and were not yet checked for unacknowledged departments (replica-safe). */
  async claimStartedUnflagged(m: EntityManager, now: Date, limit = 50): Promise<OperationRow[]> {
    return m.query(
      `SELECT ${OP_COLUMNS} FROM enforcement.operations o WHERE o.unack_flagged_at IS NULL AND o.starts_at <= $1 ORDER BY o.starts_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
  }

  async markFlagged(m: EntityManager, id: string): Promise<void> {
    await m.query(`UPDATE enforcement.operations SET unack_flagged_at = now() WHERE id = $1`, [id]);
  }
}
