import { Injectable } from '@nestjs/common';
import {
  Actor,
  AnswerSurvey,
  AppraisalErrorCode,
  AppraisalEvents,
  Indicator,
  ListSurveys,
  RecordDemocraticAppraisal,
  Role,
  SURVEY_KIND_LABELS,
  SurveyAnsweredData,
  SurveyNotFixedData,
  SurveyView,
} from '@grid122/contracts';
import { AppError, OutboxWriter } from '@grid122/messaging';
import { isWithinScope } from '@grid122/access';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { democraticRate, isSatisfiedRating } from '@grid122/metrics';
import { currentMonth } from '../common/month';
import { viewScope } from '../common/scope';
import { IndicatorRepository } from '../indicator/indicator.repository';
import { SurveyRepository, SurveyRow } from './survey.repository';

// 满意率's rule and the democratic weights are the one definition in @grid122/metrics (docs/metrics.md).
export { democraticRate, SATISFIED_MIN_RATING } from '@grid122/metrics';

/** What one answer adds to the satisfaction rate (0..1): a problem not fixed satisfies nobody. */
export const surveyRate = (rating: number, fixed: boolean): number => (fixed ? (rating - 1) / 4 : 0);


@Injectable()
export class SurveyService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: SurveyRepository,
    private readonly indicators: IndicatorRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async list(actor: Actor, req: ListSurveys.Request): Promise<ListSurveys.Reply> {
    const rows = await this.repo.list(req, viewScope(actor, req.gridPath));
    return { items: rows.map(toView) };
  }

  /**
   * Records the reporter's answer (the reporter, or the centre's return-visit operator). One
   * transaction: the survey, its facts for the three rates, and the events — "not fixed" also
   * emits appraisal.survey.not_fixed, on which the office reopens the incident.
   */
  async answer(actor: Actor, req: AnswerSurvey.Request): Promise<AnswerSurvey.Reply> {
    const month = currentMonth();
    await this.ds.transaction(async (m) => {
      const s = await this.repo.byId(m, req.id, true);
      if (!s || s.kind !== 'return_visit') throw new AppError(AppraisalErrorCode.SurveyNotFound, `Survey ${req.id} not found`, { id: req.id });
      const isReporter = s.personId !== null && s.personId === actor.id;
      const isCentre = (actor.role === Role.Admin || actor.role === Role.StreetCommander) && isWithinScope(s.gridPath, actor.scope);
      if (!isReporter && !isCentre) throw AppError.forbidden('Only the reporter or the command centre records a return visit');
      if (s.status !== 'pending') throw new AppError(AppraisalErrorCode.SurveyAlreadyAnswered, `Survey ${req.id} was already answered`, { id: req.id });
      const rate = surveyRate(req.rating, req.fixed);
      await this.repo.answer(m, s.id, { rating: req.rating, fixed: req.fixed, comment: req.comment ?? null, rate, by: actor.id, month });
      const answeredId = randomUUID();
      const base = { eventId: answeredId, eventType: AppraisalEvents.SurveyAnswered, month, occurredAt: new Date().toISOString(), gridPath: s.gridPath, personId: s.personId, handlerId: s.handlerId, departmentId: s.departmentId, unit: s.unit, keyArea: null, refId: s.incidentId, value: 1 };
      const facts = [{ ...base, indicator: Indicator.SurveysAnswered }];
      if (isSatisfiedRating(req.rating, req.fixed)) facts.push({ ...base, indicator: Indicator.SurveysSatisfied });
      await this.indicators.insertFacts(m, facts);
      await this.indicators.flushValues(m);
      await this.outbox.add(m, {
        id: answeredId,
        type: AppraisalEvents.SurveyAnswered,
        gridPath: s.gridPath,
        actorId: actor.id,
        data: { surveyId: s.id, incidentId: s.incidentId, rating: req.rating, fixed: req.fixed, gridPath: s.gridPath },
      });
      if (!req.fixed && s.incidentId) {
        await this.outbox.add(m, {
          type: AppraisalEvents.SurveyNotFixed,
          gridPath: s.gridPath,
          actorId: actor.id,
          data: { incidentId: s.incidentId, surveyId: s.id, comment: req.comment ?? null, rating: req.rating, byId: actor.id },
        });
      }
    });
    return toView((await this.repo.byId(undefined, req.id))!);
  }

  async recordDemocratic(actor: Actor, req: RecordDemocraticAppraisal.Request): Promise<RecordDemocraticAppraisal.Reply> {
    if (actor.role !== Role.Admin && actor.role !== Role.StreetCommander && actor.role !== Role.UnitMember) throw AppError.forbidden();
    if (!isWithinScope(req.gridPath, actor.scope)) throw AppError.forbidden(`Grid ${req.gridPath} is outside your scope`);
    if (req.satisfied + req.basicallySatisfied + req.dissatisfied === 0) {
      throw AppError.validation([{ field: 'satisfied', messages: ['at least one representative must have voted'] }]);
    }
    const rate = democraticRate(req.satisfied, req.basicallySatisfied, req.dissatisfied);
    const id = await this.ds.transaction((m) =>
      this.repo.insertDemocratic(m, {
        gridPath: req.gridPath,
        halfYear: req.halfYear,
        satisfied: req.satisfied,
        basically: req.basicallySatisfied,
        dissatisfied: req.dissatisfied,
        rate,
        comment: req.comment ?? null,
        month: `${req.halfYear.slice(0, 4)}-${req.halfYear.endsWith('1') ? '06' : '12'}`,
        by: actor.id,
      }),
    );
    if (!id) throw new AppError(AppraisalErrorCode.DemocraticAppraisalExists, `Grid ${req.gridPath} already has a democratic appraisal for ${req.halfYear}`, { gridPath: req.gridPath, halfYear: req.halfYear });
    return toView((await this.repo.byId(undefined, id))!);
  }
}

export function toView(s: SurveyRow): SurveyView {
  return {
    id: s.id,
    kind: s.kind,
    kindLabel: SURVEY_KIND_LABELS[s.kind],
    status: s.status,
    incidentId: s.incidentId,
    incidentCode: s.incidentCode,
    gridPath: s.gridPath,
    personId: s.personId,
    rating: s.rating,
    fixed: s.fixed,
    comment: s.comment,
    rate: s.rate,
    halfYear: s.halfYear,
    representatives: s.kind === 'democratic' ? (s.satisfied ?? 0) + (s.basicallySatisfied ?? 0) + (s.dissatisfied ?? 0) : null,
    month: s.month,
    createdAt: new Date(s.createdAt).toISOString(),
    answeredAt: s.answeredAt ? new Date(s.answeredAt).toISOString() : null,
  };
}
