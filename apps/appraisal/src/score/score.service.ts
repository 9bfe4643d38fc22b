import { Injectable } from '@nestjs/common';
import {
  Actor,
  AppraisalErrorCode,
  AppraisalEvents,
  GetYearEnd,
  Indicator,
  ListScores,
  RecomputeScores,
  Role,
  ScoreHistory,
  ScoresComputedData,
  ScoreView,
} from '@grid122/contracts';
import { AppError, OutboxWriter } from '@grid122/messaging';
import { isWithinScope } from '@grid122/access';
import { DataSource } from 'typeorm';
import { ancestorAt, halfYearOf, pathDepth, round2 } from '../common/month';
import { viewScope } from '../common/scope';
import { IndicatorRepository } from '../indicator/indicator.repository';
import { GRID_L2_DEPTH } from '../indicator/paths';
import { FALLBACK_GRADE } from '../plan/default-plans';
import { PlanRepository, PlanRow } from '../plan/plan.repository';
import { evaluateRules, satisfactionOf, tierOf } from '../plan/rule-engine';
import { SurveyRepository } from '../survey/survey.repository';
import { ScoreRepository, ScoreRow } from './score.repository';
import { ratingLabel, yearEndRating } from './year-end';

/** Share of L2 grids named the year's advanced teams (年度先进二级网格团队). */
export const ADVANCED_TEAM_SHARE = 0.1;

@Injectable()
export class ScoreService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: ScoreRepository,
    private readonly plans: PlanRepository,
    private readonly indicators: IndicatorRepository,
    private readonly surveys: SurveyRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * The monthly close, in one transaction: rebuild the month's indicators from the stored facts,
   * then score every L2 grid and every person with indicators with the plan version in force
   * that month for their grade. Running it twice gives the same scores.
   */
  async recompute(actor: Actor, req: RecomputeScores.Request): Promise<RecomputeScores.Reply> {
    if (actor.role !== Role.Admin) throw AppError.forbidden('Only an admin recomputes a month');
    const month = req.month;
    return this.ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('appraisal.scores'), hashtext($1))`, [month]);
      await this.indicators.rebuild(m, month);
      const facts = await this.indicators.countFacts(m, month);
      const plans = await this.plans.inForce(month, m);
      const fallback = plans.get(FALLBACK_GRADE) ?? [...plans.values()][0];
      if (!fallback) throw new AppError(AppraisalErrorCode.PlanNotFound, `No score plan is in force in ${month}`, { month });
      const planFor = (grade: string | undefined) => (grade && plans.get(grade)) || fallback;
      const subjects = await this.repo.subjects(m, month);
      const personVals = await this.indicators.valuesOfMonth(m, month, 'person');
      const gridVals = await this.indicators.valuesOfMonth(m, month, 'grid');
      const sat = await this.surveys.satisfactionInputs(m, month, halfYearOf(month));
      const democraticOf = (l2: string | null) => (l2 ? (sat.democratic.find((d) => d.gridPath === l2)?.rate ?? null) : null);

      const rows: ScoreRow[] = [];
      for (const [path, g] of subjects.grids) {
        if (pathDepth(path) !== GRID_L2_DEPTH) continue;
        const visits = sat.surveyRows.filter((s) => isWithinScope(s.gridPath, path));
        const surveyRate = visits.length ? visits.reduce((s, v) => s + v.rate, 0) / visits.length : null;
        rows.push(score(month, planFor(g.grade), 'grid', path, g.name ?? path, path, null, null, gridVals.get(path) ?? {}, surveyRate, democraticOf(path)));
      }
      for (const p of subjects.persons) {
        const ind = personVals.get(p.personId);
        if (!ind) continue; // no work recorded this month: nothing to appraise
        const l2 = ancestorAt(p.gridPath, GRID_L2_DEPTH);
        const grade = l2 ? subjects.grids.get(l2)?.grade : undefined;
        const acc = sat.surveyByPerson.get(p.personId);
        rows.push(score(month, planFor(grade), 'person', p.personId, p.name, p.gridPath, p.kind, p.departmentId, ind, acc ? acc.sum / acc.n : null, democraticOf(l2)));
      }
      await this.repo.replaceMonth(m, month, rows);
      const persons = rows.filter((r) => r.kind === 'person').length;
      const grids = rows.length - persons;
      await this.outbox.add(m, { type: AppraisalEvents.ScoresComputed, actorId: actor.id, data: { month, persons, grids } });
      return { month, facts, persons, grids, plans: [...plans.values()].map((p) => ({ grade: p.grade, version: p.version })).sort((a, b) => a.grade.localeCompare(b.grade)) };
    });
  }

  async list(actor: Actor, req: ListScores.Request): Promise<ListScores.Reply> {
    const scope = viewScope(actor, req.gridPath);
    const rows = await this.repo.list(req.month, scope, { kind: req.kind, personId: req.personId, limit: req.limit });
    return { month: req.month, items: rows.map(toView) };
  }

  async history(actor: Actor, req: ScoreHistory.Request): Promise<ScoreHistory.Reply> {
    const scope = viewScope(actor);
    const rows = (await this.repo.history(req.kind, req.subject, req.year)).filter(
      (r) => isWithinScope(r.gridPath, scope.path) && (!scope.personId || r.subject === scope.personId) && (!scope.departmentId || r.departmentId === scope.departmentId),
    );
    return { kind: req.kind, subject: req.subject, year: req.year, items: rows.map(toView) };
  }

  /** Year-end: ratings with the eligibility rules, reserve-cadre flags and the advanced L2 grid teams. */
  async yearEnd(actor: Actor, req: GetYearEnd.Request): Promise<GetYearEnd.Reply> {
    const scope = viewScope(actor, req.gridPath);
    const [rows, prevRows, complaints, prevComplaints] = await Promise.all([
      this.repo.year(req.year, 'person', scope),
      this.repo.year(req.year - 1, 'person', scope),
      this.indicators.yearTotals(req.year, 'person', Indicator.ComplaintsVerified),
      this.indicators.yearTotals(req.year - 1, 'person', Indicator.ComplaintsVerified),
    ]);
    const planCache = new Map<string, PlanRow | null>();
    const excellentMinOf = async (planId: string) => {
      if (!planCache.has(planId)) planCache.set(planId, await this.plans.byId(planId));
      return planCache.get(planId)?.excellentMin ?? 90;
    };
    const ratingOf = async (list: ScoreRow[], c: number) => {
      const last = list[list.length - 1];
      return yearEndRating(list.map((r) => ({ month: r.month, total: r.total, tier: r.tier })), c, await excellentMinOf(last.planId));
    };
    const persons: GetYearEnd.PersonRow[] = [];
    for (const [subject, list] of groupBy(rows)) {
      const last = list[list.length - 1];
      const r = await ratingOf(list, complaints.get(subject) ?? 0);
      const prev = groupBy(prevRows.filter((x) => x.subject === subject)).get(subject);
      const prevExcellent = prev ? (await ratingOf(prev, prevComplaints.get(subject) ?? 0)).rating === 'excellent' : false;
      persons.push({
        personId: subject,
        name: last.name,
        gridPath: last.gridPath,
        personKind: last.personKind ?? 'grid_worker',
        months: list.length,
        average: r.average,
        tierFalls: r.falls,
        verifiedComplaints: complaints.get(subject) ?? 0,
        eligibleForExcellent: r.eligible,
        ineligibleReasons: r.reasons,
        rating: r.rating,
        ratingLabel: ratingLabel(r.rating),
        reserveCadre: r.rating === 'excellent' && prevExcellent && (last.personKind ?? 'grid_worker') === 'grid_worker',
        bonusCut: !r.eligible,
      });
    }
    persons.sort((a, b) => b.average - a.average || a.personId.localeCompare(b.personId));

    const advancedGridTeams: GetYearEnd.GridRow[] = [];
    if (!scope.personId && !scope.departmentId) {
      const grids = await this.repo.year(req.year, 'grid', scope, GRID_L2_DEPTH);
      const gridComplaints = await this.indicators.yearTotals(req.year, 'grid', Indicator.ComplaintsVerified);
      const ranked = [...groupBy(grids)].map(([path, list]) => ({ path, list, average: round2(list.reduce((s, r) => s + r.total, 0) / list.length) }));
      ranked.sort((a, b) => b.average - a.average || a.path.localeCompare(b.path));
      const quota = Math.max(1, Math.ceil(ranked.length * ADVANCED_TEAM_SHARE));
      for (const [i, g] of ranked.entries()) {
        if (advancedGridTeams.length >= quota) break;
        const min = await excellentMinOf(g.list[g.list.length - 1].planId);
        if (g.average >= min && (gridComplaints.get(g.path) ?? 0) === 0) {
          advancedGridTeams.push({ gridPath: g.path, name: g.list[0].name, months: g.list.length, average: g.average, rank: i + 1 });
        }
      }
    }
    return { year: String(req.year), persons, advancedGridTeams };
  }
}

function score(
  month: string,
  plan: PlanRow,
  kind: 'person' | 'grid',
  subject: string,
  name: string,
  gridPath: string,
  personKind: string | null,
  departmentId: string | null,
  ind: Record<string, number>,
  surveyRate: number | null,
  democraticRate: number | null,
): ScoreRow {
  const outcome = evaluateRules(plan.rules, ind);
  const sat = satisfactionOf(plan.satisfaction, surveyRate, democraticRate);
  const total = round2(outcome.outcome + sat.points);
  const tier = tierOf(plan.tiers, total);
  return {
    month,
    kind,
    subject,
    name,
    gridPath,
    personKind,
    departmentId,
    planId: plan.id,
    planGrade: plan.grade,
    planVersion: plan.version,
    total,
    outcome: outcome.outcome,
    satisfactionPoints: sat.points,
    satisfactionRate: sat.rate,
    satisfactionBasis: sat.basis,
    tier: tier.tier,
    reward: tier.reward,
    breakdown: { rules: outcome.rules, tierLabel: { zh: tier.labelZh, en: tier.labelEn } },
    indicators: ind,
    computedAt: new Date().toISOString(),
  };
}

function groupBy(rows: ScoreRow[]): Map<string, ScoreRow[]> {
  const out = new Map<string, ScoreRow[]>();
  for (const r of rows) out.set(r.subject, [...(out.get(r.subject) ?? []), r]);
  return out;
}

export function toView(r: ScoreRow): ScoreView {
  return {
    month: r.month,
    kind: r.kind,
    subject: r.subject,
    name: r.name,
    gridPath: r.gridPath,
    personKind: r.personKind,
    departmentId: r.departmentId,
    plan: { grade: r.planGrade, version: Number(r.planVersion), id: r.planId },
    total: Number(r.total),
    satisfaction: { points: Number(r.satisfactionPoints), rate: Number(r.satisfactionRate), basis: r.satisfactionBasis },
    outcome: Number(r.outcome),
    rules: r.breakdown.rules,
    tier: Number(r.tier),
    tierLabel: r.breakdown.tierLabel,
    reward: Number(r.reward),
    indicators: Object.fromEntries(Object.entries(r.indicators).map(([k, v]) => [k, Number(v)])),
    computedAt: new Date(r.computedAt).toISOString(),
  };
}
