import { Injectable } from '@nestjs/common';
import { Actor, CommonErrorCode, IncidentAction, IncidentState, OfficeErrorCode, OfficeEvents, RateIncident, Role, Satisfaction, SATISFACTION_LABELS } from '@grid122/contracts';
import { AppError, OutboxWriter } from '@grid122/messaging';
import { transactionWithRetry } from '@grid122/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { OfficeEnv } from '../config/office.env';
import { IncidentRepository } from '../incident/incident.repository';
import { IncidentRow } from '../incident/incident.row';
import { IncidentWorkflowService } from '../incident/incident-workflow.service';
import { IncidentQueryService } from '../incident/incident-query.service';
import { IncidentEventBuilder } from '../incident/incident-events';
import { Doer, visibleOr404 } from '../incident/incident-access';
import { SatisfactionAnswerRepository } from './satisfaction-answer.repository';

export interface AnswerOutcome {
  row: IncidentRow;
  reopened: boolean;
  notReopenedBecause: string | null;
}

/**
 * 办结满意度: the reporter's answer on the current closure of a case — one per closure
 * (`office.satisfaction_answers`), kept on the incident, written in the history and published
 * (`office.incident.rated`, whose answer feeds 满意率 by `isSatisfiedAnswer` of `@grid122/metrics`).
 * 不满意 reopens the case as rework within `OFFICE_REOPEN_DAYS` of closure (the reopen rule: rework
 * when it had been closed as fixed); later, the answer is recorded and the case stays closed.
 */
@Injectable()
export class SatisfactionService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: IncidentRepository,
    private readonly answers: SatisfactionAnswerRepository,
    private readonly workflow: IncidentWorkflowService,
    private readonly queries: IncidentQueryService,
    private readonly events: IncidentEventBuilder,
    private readonly outbox: OutboxWriter,
    private readonly env: OfficeEnv,
  ) {}

  /** `POST /api/v1/incidents/{id}/satisfaction`: the reporting account, the centre (for a hotline caller) or the platform that reported it. */
  async rate(actor: Actor, req: RateIncident.Request): Promise<RateIncident.Reply> {
    const outcome = await transactionWithRetry(this.ds, async (m) => {
      const row = visibleOr404(actor, await this.repo.lock(m, req.incidentId), req.incidentId);
      const reporter = !!row.reporter_account_id && row.reporter_account_id === actor.id;
      const centre = actor.role === Role.StreetCommander || actor.role === Role.Admin;
      const platform = actor.role === Role.Platform && !row.reporter_account_id;
      if (!reporter && !centre && !platform) throw AppError.forbidden('Only the reporter, or the command centre for a caller, answers on a closed case');
      const doer: Doer = { id: actor.id, name: actor.displayName ?? actor.username, role: reporter ? 'reporter' : actor.role, actor: null };
      return this.answerIn(m, row, req.answer, req.comment ?? null, doer, 'api');
    });
    const view = await this.queries.get(actor, { id: req.incidentId });
    return { ...view, reopened: outcome.reopened, notReopenedBecause: outcome.notReopenedBecause };
  }

  /** Records an answer on a locked, closed row in the caller's transaction (the API, or an Open311 comment). */
  async answerIn(m: EntityManager, row: IncidentRow, answer: Satisfaction, comment: string | null, doer: Doer, channel: 'api' | 'open311'): Promise<AnswerOutcome> {
    if (row.state !== IncidentState.Closed || !row.closed_at || !row.closure_type) {
      throw new AppError(
        CommonErrorCode.IllegalTransition,
        `Incident ${row.code} is ${row.state}: the reporter answers on a closed case (办结后评价)`,
        { currentState: row.state, action: 'satisfaction', field: 'answer' },
      );
    }
    const answerId = await this.answers.insert(m, { incident_id: row.id, closed_at: row.closed_at, closure_type: row.closure_type, answer, comment, by_id: doer.id, by_role: doer.role, channel });
    if (!answerId) {
      throw new AppError(OfficeErrorCode.SatisfactionAnswered, `The reporter already answered on this closure of ${row.code} (${row.satisfaction ? SATISFACTION_LABELS[row.satisfaction].zh : ''})`, { field: 'answer', satisfaction: row.satisfaction });
    }
    const label = SATISFACTION_LABELS[answer].zh;
    const note = `群众评价：${label}${comment ? `；${comment}` : ''}`.slice(0, 2000);
    await this.repo.update(m, row.id, { satisfaction: answer });
    await this.repo.appendHistory(m, row.id, { action: 'satisfaction', from_state: row.state, to_state: row.state, by_id: doer.id, by_name: doer.name, by_role: doer.role, note, data: { answer, channel } });
    const rated = { ...row, satisfaction: answer };
    await this.outbox.add(m, {
      type: OfficeEvents.IncidentRated,
      gridPath: row.grid_path,
      actorId: doer.id,
      data: this.events.eventData(rated, row.state, doer, { action: 'satisfaction', satisfaction: answer, note }),
    });
    if (answer !== Satisfaction.Dissatisfied) return { row: rated, reopened: false, notReopenedBecause: null };
    if (Date.now() - new Date(row.closed_at).getTime() > this.env.OFFICE_REOPEN_DAYS * 86_400_000) {
      return { row: rated, reopened: false, notReopenedBecause: `结案已超过 ${this.env.OFFICE_REOPEN_DAYS} 天，评价已记录 / closed more than ${this.env.OFFICE_REOPEN_DAYS} days ago: the answer is recorded` };
    }
    // 不满意 within the window: back to whoever handled it, counted as rework when it had been fixed.
    const reason = `群众不满意，重新办理${comment ? `：${comment}` : ''}`.slice(0, 2000);
    const reopened = await this.workflow.applyIn(m, { ...rated }, IncidentAction.Reopen, { reason }, doer);
    await this.answers.markReopened(m, answerId);
    return { row: reopened, reopened: true, notReopenedBecause: null };
  }
}
