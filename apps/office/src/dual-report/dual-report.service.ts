import { Injectable } from '@nestjs/common';
import { AcknowledgeDualReport, Actor, DualReportView, IncidentSource, ListDualReports, OfficeErrorCode, Role } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { narrowScope } from '@grid122/access';
import { subtreeRange } from '@grid122/persistence';
import { DataSource } from 'typeorm';
import { OfficeEnv } from '../config/office.env';

/** What the grids report themselves (网格上报): what reaches the community as a dual report. */
const GRID_SOURCES = [IncidentSource.GridPatrol, IncidentSource.PatrolDiary, IncidentSource.Volunteer];
const WINDOW_DAYS = 30;

interface Row {
  id: string;
  code: string;
  title: string;
  category: string;
  state: string;
  source: string;
  grid_path: string;
  reported_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by_name: string | null;
  note: string | null;
}

/**
 * 双报告 (issue 25): a grid reports a problem to the street's centre and to its community at
 * once. The community workstation takes each in (签收) with what it does; one not taken in within
 * OFFICE_DUAL_REPORT_HOURS is overdue.
 */
@Injectable()
export class DualReportService {
  constructor(
    private readonly ds: DataSource,
    private readonly env: OfficeEnv,
  ) {}

  async list(actor: Actor, req: ListDualReports.Request): Promise<ListDualReports.Reply> {
    const root = narrowScope(actor.scope, req.root);
    if (root === null) return { pending: 0, overdue: 0, items: [] };
    const rows = await this.rows(root);
    const items = rows.map((r) => this.view(r));
    const pending = items.filter((i) => !i.acknowledgedAt);
    const shown = req.state === 'pending' ? pending : req.state === 'acknowledged' ? items.filter((i) => i.acknowledgedAt) : items;
    return { pending: pending.length, overdue: pending.filter((i) => i.overdue).length, items: shown };
  }

  async acknowledge(actor: Actor, req: AcknowledgeDualReport.Request): Promise<DualReportView> {
    if (actor.role !== Role.CommunityStation && actor.role !== Role.Admin) throw AppError.forbidden('Dual reports are taken in by the community workstation (社区工作站)');
    const [row] = await this.rows(actor.scope, req.incidentId);
    if (!row) throw new AppError(OfficeErrorCode.IncidentNotFound, `No dual report ${req.incidentId} in your community`, { id: req.incidentId });
    if (row.acknowledged_at) throw AppError.illegalTransition('dual report', 'acknowledged', 'acknowledge');
    const community = row.grid_path.split('.').slice(0, this.env.OFFICE_STREET_DEPTH + 1).join('.');
    const res: unknown[] = await this.ds.query(
      `INSERT INTO office.dual_report_receipts (incident_id, community_path, acknowledged_by, acknowledged_by_name, note) VALUES ($1, $2::ltree, $3, $4, $5)
       ON CONFLICT (incident_id) DO NOTHING RETURNING incident_id`,
      [row.id, community, actor.id, actor.displayName ?? actor.username, req.note],
    );
    if (!res.length) throw AppError.illegalTransition('dual report', 'acknowledged', 'acknowledge');
    const [after] = await this.rows(actor.scope, req.incidentId);
    return this.view(after);
  }

  private rows(root: string, id?: string): Promise<Row[]> {
    const params: unknown[] = [GRID_SOURCES, WINDOW_DAYS];
    const inScope = subtreeRange('i.grid_path', root, (v) => `$${params.push(v)}`);
    return this.ds.query(
      `SELECT i.id, i.code, i.title, i.category, i.state, i.source, i.grid_path::text AS grid_path, i.reported_at,
              r.acknowledged_at, r.acknowledged_by_name, r.note
         FROM office.incidents i LEFT JOIN office.dual_report_receipts r ON r.incident_id = i.id
        WHERE ${inScope} AND i.source = ANY($1::text[]) AND i.state <> 'duplicate'
          AND i.reported_at >= now() - make_interval(days => $2::int)
          ${id ? `AND i.id = $${params.push(id)}` : ''}
        ORDER BY (r.incident_id IS NULL) DESC, i.reported_at DESC LIMIT 1000`,
      params,
    );
  }

  private view(r: Row): DualReportView {
    const reportedAt = new Date(r.reported_at);
    return {
      incidentId: r.id,
      code: r.code,
      title: r.title,
      category: r.category,
      state: r.state,
      source: r.source,
      gridPath: r.grid_path,
      reportedAt: reportedAt.toISOString(),
      overdue: !r.acknowledged_at && Date.now() - reportedAt.getTime() > this.env.OFFICE_DUAL_REPORT_HOURS * 3_600_000,
      acknowledgedAt: r.acknowledged_at ? new Date(r.acknowledged_at).toISOString() : null,
      acknowledgedByName: r.acknowledged_by_name,
      note: r.note,
    };
  }
}
