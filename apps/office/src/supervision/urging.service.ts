import { Injectable } from '@nestjs/common';
import { AcknowledgeUrging, Actor, CommonErrorCode, IncidentView, OfficeEvents, Role, UrgeIncident, URGING_LEVEL_LABELS, UrgingLevel } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { transactionWithRetry } from '@grid122/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { OfficeEnv } from '../config/office.env';
import { IncidentClockService } from '../incident/incident-clock.service';
import { ACTIVE_STATES } from '../incident/incident-state-machine';
import { IncidentRepository } from '../incident/incident.repository';
import { IncidentRow } from '../incident/incident.row';
import { IncidentWorkflowService } from '../incident/incident-workflow.service';
import { IncidentQueryService } from '../incident/incident-query.service';
import { Doer, doerOf, visibleOr404 } from '../incident/incident-access';
import { UrgingRepository, UrgingRow } from './urging.repository';

const NEXT: Record<UrgingLevel, UrgingLevel | null> = { unit: 'commander', commander: 'district', district: null };

/**
 * 催办: the centre (or the 督办 sweep) sends an urging to the case's responsible unit or department
 * — the lead (主办) of a joint dispatch — which acknowledges it; one not acknowledged within
 * OFFICE_URGE_HOURS working hours rises one level at the sweep: to the commander, then the district.
 */
@Injectable()
export class UrgingService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: IncidentRepository,
    private readonly urgings: UrgingRepository,
    private readonly workflow: IncidentWorkflowService,
    private readonly queries: IncidentQueryService,
    private readonly clock: IncidentClockService,
    private readonly env: OfficeEnv,
  ) {}

  /** `POST /api/v1/incidents/{id}/urge`: the command centre. */
  async urge(actor: Actor, req: UrgeIncident.Request): Promise<IncidentView> {
    if (actor.role !== Role.StreetCommander && actor.role !== Role.Admin) throw AppError.forbidden('Only the command centre sends an urging (催办)');
    await transactionWithRetry(this.ds, async (m) => {
      const row = visibleOr404(actor, await this.repo.lock(m, req.incidentId), req.incidentId);
      const sent = await this.urgeIn(m, row, doerOf(actor), req.note ?? null, new Date());
      if (!sent) {
        throw new AppError(CommonErrorCode.IllegalTransition, `Incident ${row.code} is ${row.state} with no responsible unit or department to urge (催办)`, { currentState: row.state, action: 'urge', field: 'incidentId' });
      }
    });
    return this.queries.get(actor, { id: req.incidentId });
  }

  /** Sends an urging on a locked row in the caller's transaction; null when the case has nobody responsible (not dispatched, or closed). */
  async urgeIn(m: EntityManager, row: IncidentRow, doer: Doer, note: string | null, now: Date): Promise<UrgingRow | null> {
    const unit = row.lead_unit ?? row.unit;
    const departmentId = row.lead_department_id ?? row.department_id;
    if (!ACTIVE_STATES.includes(row.state) || (!unit && !departmentId)) return null;
    const due = this.clock.calendar.addWorkingTime(now, this.env.OFFICE_URGE_HOURS * 60);
    const urging = await this.urgings.insert(m, { incident_id: row.id, unit, department_id: departmentId, sent_at: now, due, sent_by_id: doer.id, sent_by_name: doer.name ?? doer.role, note });
    const text = `催办：请${unit ?? '责任部门'}于 ${this.clock.calendar.toLocalIso(due).slice(0, 16).replace('T', ' ')} 前签收${note ? `；${note}` : ''}`.slice(0, 2000);
    await this.workflow.noteIn(m, row, 'urge', doer, text, { type: OfficeEvents.IncidentUrged, extra: { urging: eventUrging(urging) } });
    return urging;
  }

  /** `POST /api/v1/incidents/{id}/urgings/{urgingId}/acknowledge`: a member of the urged unit or department. */
  async acknowledge(actor: Actor, req: AcknowledgeUrging.Request): Promise<IncidentView> {
    await transactionWithRetry(this.ds, async (m) => {
      const row = visibleOr404(actor, await this.repo.lock(m, req.incidentId), req.incidentId);
      const urging = await this.urgings.lock(m, row.id, req.urgingId);
      if (!urging) throw AppError.notFound('Urging', req.urgingId);
      const mine = (actor.role === Role.UnitMember && !!urging.unit && actor.unit === urging.unit) || (actor.role === Role.DepartmentLiaison && !!urging.department_id && actor.departmentId === urging.department_id);
      if (!mine) throw AppError.forbidden('Only the urged unit or department acknowledges an urging (催办签收)');
      if (urging.acknowledged_at) {
        throw new AppError(CommonErrorCode.IllegalTransition, `The urging was already acknowledged at ${new Date(urging.acknowledged_at).toISOString()}`, { action: 'acknowledge', field: 'urgingId' });
      }
      const doer = doerOf(actor);
      const now = new Date();
      await this.urgings.acknowledge(m, urging.id, now, doer);
      const text = `催办已签收（${URGING_LEVEL_LABELS[urging.level].zh}级）${req.note ? `：${req.note}` : ''}`.slice(0, 2000);
      await this.workflow.noteIn(m, row, 'urge_acknowledge', doer, text, { type: OfficeEvents.UrgingAcknowledged, extra: { urging: eventUrging(urging) } });
    });
    return this.queries.get(actor, { id: req.incidentId });
  }

  /** The sweep's part: unacknowledged urgings past their due rise one level (commander, then district). */
  async riseDue(m: EntityManager, now: Date, limit: number): Promise<string[]> {
    const due = await this.urgings.lockDue(m, now, limit);
    const system: Doer = { id: null, name: '催办 urging', role: 'system', actor: null };
    for (const u of due) {
      const level = NEXT[u.level]!;
      const nextDue = NEXT[level] ? this.clock.calendar.addWorkingTime(now, this.env.OFFICE_URGE_HOURS * 60) : null;
      await this.urgings.rise(m, u.id, level, nextDue);
      const row = await this.repo.get(u.incident_id, m);
      if (!row) continue;
      const text = `催办逾期未签收，升级至${URGING_LEVEL_LABELS[level].zh}（${u.unit ?? '责任部门'}）`;
      await this.workflow.noteIn(m, row, 'urge_raise', system, text, { type: OfficeEvents.UrgingRaised, extra: { urging: eventUrging({ ...u, level, due: nextDue }) } });
    }
    return due.map((u) => u.incident_id);
  }
}

function eventUrging(u: UrgingRow) {
  return { id: u.id, level: u.level, unit: u.unit, departmentId: u.department_id, due: u.due ? new Date(u.due).toISOString() : null };
}
