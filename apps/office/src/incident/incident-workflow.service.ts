import { Injectable } from '@nestjs/common';
import { Actor, CommonErrorCode, IncidentAction, IncidentActionBody, IncidentView, OfficeErrorCode, Role, TransitionIncident } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { transactionWithRetry } from '@grid122/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { OfficeEnv } from '../config/office.env';
import { Doer, doerOf, kindsOf, visibleOr404 } from './incident-access';
import { IncidentClockService } from './incident-clock.service';
import { IncidentQueryService } from './incident-query.service';
import { decide, missingFields, TRANSITIONS } from './incident-state-machine';
import { IncidentRepository } from './incident.repository';
import { IncidentRow } from './incident.row';
import { PhotoStore } from './photo-store';
import { ClockSteps } from './workflow/clock.steps';
import { ClosureSteps } from './workflow/closure.steps';
import { ASSIST_ACTIONS, DispatchSteps } from './workflow/dispatch.steps';
import { DuplicateSteps } from './workflow/duplicate.steps';
import { EscalationSteps } from './workflow/escalation.steps';
import { HandlingSteps } from './workflow/handling.steps';
import { EVENT_OF, IncidentStepWriter, Step, StepContext } from './workflow/incident-step';
import { RegistrationSteps } from './workflow/registration.steps';

/**
 * The ledger's workflow (派遣, 处置, 核查, 结案 …): one action on a locked row — who may, from which
 * state (incident-state-machine.ts), what changes (the step of its seam in workflow/), then the
 * row, counters, history entry and event (IncidentStepWriter) — in one transaction; and notes on
 * the history.
 */
@Injectable()
export class IncidentWorkflowService {
  /** Each action's step, from the seam that owns it; a missing action does not compile. */
  private readonly steps: Record<IncidentAction, Step>;

  constructor(
    private readonly ds: DataSource,
    private readonly repo: IncidentRepository,
    private readonly clock: IncidentClockService,
    private readonly photos: PhotoStore,
    private readonly env: OfficeEnv,
    private readonly queries: IncidentQueryService,
    private readonly writer: IncidentStepWriter,
    private readonly registration: RegistrationSteps,
    private readonly dispatch: DispatchSteps,
    clockSteps: ClockSteps,
    handling: HandlingSteps,
    closure: ClosureSteps,
    escalation: EscalationSteps,
    duplicates: DuplicateSteps,
  ) {
    this.steps = { ...registration.steps, ...dispatch.steps, ...clockSteps.steps, ...handling.steps, ...closure.steps, ...escalation.steps, ...duplicates.steps };
  }

  async transition(actor: Actor, req: TransitionIncident.Request): Promise<IncidentView> {
    if (req.photos?.length) await this.photos.require(req.photos, 'photos');
    return transactionWithRetry(this.ds, async (m) => {
      const locked = visibleOr404(actor, await this.repo.lock(m, req.incidentId), req.incidentId);
      if (req.photos?.length) await this.checkPhotoQuota(m, locked, req.photos.length);
      const doer = doerOf(actor);
      const row = await this.registration.triageIn(m, locked, req, doer);
      const updated = await this.applyIn(m, row, req.action, req, doer);
      return this.queries.detail(actor, updated, m);
    });
  }

  /**
   * One action on a locked row: who may, from which state (the pure table), what changes, the
   * counters, the history entry and the event — all in the caller's transaction.
   */
  async applyIn(m: EntityManager, row: IncidentRow, action: IncidentAction, body: IncidentActionBody, doer: Doer): Promise<IncidentRow> {
    const rule = TRANSITIONS[action];
    const now = new Date();
    if (doer.actor) {
      const kinds = kindsOf(doer.actor, row);
      if (!rule.by.some((k) => kinds.has(k))) {
        const assigneeAction = rule.by.includes('assignee') && (doer.actor.role === Role.UnitMember || doer.actor.role === Role.DepartmentLiaison);
        throw assigneeAction
          ? new AppError(OfficeErrorCode.NotAssignee, `Incident ${row.code} is not dispatched to you`, { action })
          : AppError.forbidden(`Role ${doer.actor.role} may not ${action} incident ${row.code}`);
      }
    }
    const missing = missingFields(action, body);
    if (missing.length > 0) throw AppError.validation(missing);
    if (ASSIST_ACTIONS.includes(action)) {
      const assist = this.dispatch.assistOf(doer, row);
      if (assist) return this.dispatch.assistIn(m, row, action, body, doer, assist, now);
    }

    const decision = decide(row.state, action, { suspendedFrom: row.suspended_from, hasLead: !!(row.lead_unit || row.lead_department_id), closureType: body.closureType });
    if (!decision.ok) {
      if (decision.reason === 'fixed_needs_verification') {
        throw new AppError(CommonErrorCode.IllegalTransition, `Cannot close incident ${row.code} as fixed in state "${row.state}": the grid must verify it first`, { currentState: row.state, action });
      }
      throw AppError.illegalTransition('incident', row.state, action);
    }
    const category = (await this.clock.category(row.category))!;
    const c: StepContext = { m, row, body, doer, now, category, to: decision.to, note: body.reason ?? body.note ?? null };
    const change = await this.steps[action](c);
    const to = change.to ?? decision.to;
    const deltas = change.deltas ?? {};
    return this.writer.write(m, row, doer, {
      action,
      event: EVENT_OF[action],
      to,
      patch: { ...change.patch, state: to },
      clock: category,
      deltas,
      note: change.note !== undefined ? change.note : c.note,
      data: change.data,
      extra: { ...change.extra, ...(deltas.reworked === 1 ? { firstRework: true } : {}) },
      after: change.after,
      now,
    });
  }

  /** Notes a fact on the history without changing the state, and with `event` its event (IncidentStepWriter.noteIn). */
  noteIn(...note: Parameters<IncidentStepWriter['noteIn']>): Promise<void> {
    return this.writer.noteIn(...note);
  }

  /**
   * Upload quota per incident (#22 item 6): the report's photos and every handling round's and
   * verification's (kept in the history) count; the incident row is locked, so two entries at once
   * cannot both pass the limit. 422 naming the field, with the limit and what is held.
   */
  private async checkPhotoQuota(m: EntityManager, row: IncidentRow, adding: number): Promise<void> {
    const limit = this.env.OFFICE_MAX_PHOTOS_PER_INCIDENT;
    const held = (row.photos?.length ?? 0) + (await this.repo.historyPhotoCount(m, row.id));
    if (held + adding > limit) {
      throw new AppError(OfficeErrorCode.PhotoQuotaExceeded, `This incident holds ${held} photos; at most ${limit} in all (${limit - held} more may be added)`, { field: 'photos', limit, held });
    }
  }
}
