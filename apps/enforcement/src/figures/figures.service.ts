import { Injectable } from '@nestjs/common';
import {
  Actor,
  ENFORCEMENT_CASE_STATE_LABELS,
  ENFORCEMENT_CATEGORIES,
  ENFORCEMENT_CATEGORY_LABELS,
  EnforcementCaseState,
  GetEnforcementFigures,
} from '@grid122/contracts';
import { CaseQueryService } from '../case/case-query.service';
import { OperationService } from '../operation/operation.service';
import { assertRead, liaisonDepartment, scopeFor } from '../shared/access';
import { FiguresRepository } from './figures.repository';

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

/** Cases by category and state, overdue re-inspections, compliance rate, days to comply, operations (their findings and penalties in the totals). */
@Injectable()
export class FiguresService {
  constructor(
    private readonly figures: FiguresRepository,
    private readonly cases: CaseQueryService,
    private readonly ops: OperationService,
  ) {}

  async get(actor: Actor, req: GetEnforcementFigures.Request): Promise<GetEnforcementFigures.Reply> {
    assertRead(actor);
    const scope = scopeFor(actor, req.gridPath);
    const f = { scope, liaisonDepartment: liaisonDepartment(actor), from: req.from, to: req.to, now: new Date() };
    const [cells, totals, notices, overdue, operations] = await Promise.all([
      this.figures.byCategoryAndState(f),
      this.figures.caseTotals(f),
      this.figures.notices(f),
      this.cases.listNotices(actor, { overdue: true, gridPath: req.gridPath, limit: 100 }),
      this.ops.rollupsFor(actor, scope, req.from, req.to),
    ]);
    const opFindings = await this.figures.operationFindings(operations.map((o) => o.id));
    const sum = (k: 'penalties' | 'penaltyAmount' | 'areaDemolishedM2') => operations.reduce((s, o) => s + o.rollup[k], 0);
    const totalCases = cells.reduce((s, c) => s + c.n, 0);
    const casePenalties = { count: totals.penalties, amount: Number(totals.penalty_amount) };
    const opPenalties = { count: sum('penalties'), amount: round(sum('penaltyAmount'), 2) };
    const byCategory = ENFORCEMENT_CATEGORIES.map((category) => {
      const mine = cells.filter((c) => c.category === category);
      return {
        category,
        label: ENFORCEMENT_CATEGORY_LABELS[category],
        total: mine.reduce((s, c) => s + c.n, 0),
        byState: Object.fromEntries(mine.map((c) => [c.state, c.n])),
      };
    });
    const byState = Object.values(EnforcementCaseState).map((state) => ({
      state,
      label: ENFORCEMENT_CASE_STATE_LABELS[state],
      count: cells.filter((c) => c.state === state).reduce((s, c) => s + c.n, 0),
    }));
    return {
      scope,
      from: req.from ?? null,
      to: req.to ?? null,
      totalCases,
      byCategory,
      byState,
      notices: { issued: notices.issued, open: notices.open, complied: notices.complied, overdueForReinspection: notices.overdue },
      overdueNotices: overdue.items,
      complianceRate: notices.due > 0 ? round(notices.complied / notices.due, 4) : null,
      averageDaysToComply: notices.avg_days === null ? null : round(Number(notices.avg_days), 1),
      // Joint operations' findings and penalties count with the cases' (an operation overlapping the period).
      findings: { total: totalCases + opFindings, cases: totalCases, operations: opFindings },
      penalties: { count: casePenalties.count + opPenalties.count, amount: round(casePenalties.amount + opPenalties.amount, 2), cases: casePenalties, operations: opPenalties },
      areaDemolishedM2: round(Number(totals.area) + sum('areaDemolishedM2'), 2),
      operations,
    };
  }
}
