import { Injectable } from '@nestjs/common';
import { SqlParams } from '@grid122/persistence';
import { DataSource } from 'typeorm';
import { caseVisibility } from '../shared/case-visibility';

export interface FigureFilter {
  scope: string;
  liaisonDepartment: string | null;
  from?: string;
  to?: string;
  now: Date;
}

function caseWhere(f: FigureFilter): SqlParams {
  const q = caseVisibility(new SqlParams(), 'c', f.scope, f.liaisonDepartment);
  if (f.from) q.and(`c.opened_at >= ${q.p(f.from)}::timestamptz`);
  if (f.to) q.and(`c.opened_at < ${q.p(f.to)}::timestamptz`);
  return q;
}

/** The team's figures, each one aggregate query over the visible cases (index: cases_category_state_idx, grid path GiST). */
@Injectable()
export class FiguresRepository {
  constructor(private readonly ds: DataSource) {}

  async byCategoryAndState(f: FigureFilter): Promise<{ category: string; state: string; n: number }[]> {
    const q = caseWhere(f);
    return this.ds.query(`SELECT c.category, c.state, count(*)::int AS n FROM enforcement.cases c ${q.where()} GROUP BY c.category, c.state`, q.params);
  }

  /**
   * Violations found at joint-operation targets that are places, not existing cases (new findings),
   * and that opened no case of their own: a place finding recorded now opens a case (origin
   * 'operation'), counted with the cases, never twice. What is left here are results recorded
   * without one (the demo seed writes its rows directly).
   */
  async operationFindings(operationIds: string[]): Promise<number> {
    if (operationIds.length === 0) return 0;
    const rows = await this.ds.query(
      `SELECT count(*)::int AS n FROM enforcement.operation_targets WHERE operation_id = ANY($1::uuid[]) AND violation_found AND case_id IS NULL AND found_case_id IS NULL`,
      [operationIds],
    );
    return rows[0].n;
  }

  async caseTotals(f: FigureFilter): Promise<{ penalties: number; penalty_amount: number; area: number }> {
    const q = caseWhere(f);
    const rows = await this.ds.query(
      `SELECT count(*) FILTER (WHERE c.penalty_amount IS NOT NULL)::int AS penalties,
              COALESCE(sum(c.penalty_amount), 0)::float8 AS penalty_amount,
              COALESCE(sum(c.demolished_area_m2), 0)::float8 AS area
       FROM enforcement.cases c ${q.where()}`,
      q.params,
    );
    return rows[0];
  }

  /** Notices of the visible cases issued in the period: counts, the compliance rate's parts, days to comply. */
  async notices(f: FigureFilter): Promise<{ issued: number; open: number; complied: number; overdue: number; due: number; avg_days: number | null }> {
    const q = caseVisibility(new SqlParams(), 'c', f.scope, f.liaisonDepartment);
    if (f.from) q.and(`n.issued_at >= ${q.p(f.from)}::timestamptz`);
    if (f.to) q.and(`n.issued_at < ${q.p(f.to)}::timestamptz`);
    const now = q.p(f.now);
    const rows = await this.ds.query(
      `SELECT count(*)::int AS issued,
              count(*) FILTER (WHERE n.status = 'open')::int AS open,
              count(*) FILTER (WHERE n.status = 'complied')::int AS complied,
              count(*) FILTER (WHERE n.status = 'open' AND n.next_reinspection_at < ${now}::timestamptz)::int AS overdue,
              count(*) FILTER (WHERE n.status IN ('complied', 'escalated', 'closed') OR n.comply_by < ${now}::timestamptz)::int AS due,
              avg(extract(epoch FROM n.complied_at - n.issued_at) / 86400.0) FILTER (WHERE n.status = 'complied')::float8 AS avg_days
       FROM enforcement.notices n JOIN enforcement.cases c ON c.id = n.case_id ${q.where()}`,
      q.params,
    );
    return rows[0];
  }
}
