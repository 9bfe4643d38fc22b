import { Injectable } from '@nestjs/common';
import { Actor, GetNotice, GetRanking, GetThreeRates, GRID_DEPTH, Indicator, INDICATOR_LABELS, Role, UNIT_LABELS, Unit } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { AppraisalEnv } from '../config/appraisal.env';
import { addMonths, ancestorAt, round2 } from '../common/month';
import { viewScope, ViewScope } from '../common/scope';
import { ScoreRepository, ScoreRow } from '../score/score.repository';
import { noticeHtml, noticeXlsx } from './notice-document';
import { DepartmentNamesClient } from './department-names.client';
import { OfficeLedgerClient } from './office-ledger.client';
import { OfficeThemesClient } from './office-themes.client';
import { SupervisionFiguresClient } from './supervision-figures.client';
import { ReportRepository } from './report.repository';
import { PlanRepository } from '../plan/plan.repository';

const pct = (a: number, b: number): number | null => (b > 0 ? round2((100 * a) / b) : null);

@Injectable()
export class ReportService {
  constructor(
    private readonly scores: ScoreRepository,
    private readonly repo: ReportRepository,
    private readonly env: AppraisalEnv,
    private readonly ledger: OfficeLedgerClient,
    private readonly departments: DepartmentNamesClient,
    private readonly themes: OfficeThemesClient,
    private readonly plans: PlanRepository,
    private readonly supervision: SupervisionFiguresClient,
  ) {}

  private guard(actor: Actor, gridPath?: string): ViewScope {
    if (actor.role === Role.GridWorker) throw AppError.forbidden('Rankings and reports are for the command centre, units, departments and the district');
    return viewScope(actor, gridPath);
  }

  async ranking(actor: Actor, req: GetRanking.Request): Promise<GetRanking.Reply> {
    const scope = this.guard(actor, req.gridPath);
    return { month: req.month, of: req.of, rows: await this.rows(req.month, req.of, scope) };
  }

  private async rows(month: string, of: GetRanking.Request['of'], scope: ViewScope): Promise<GetRanking.Row[]> {
    const now = await this.rank(month, of, scope);
    const before = new Map((await this.rank(addMonths(month, -1), of, scope)).map((r) => [r.subject, r.rank]));
    return now.map((r) => ({ ...r, movement: before.has(r.subject) ? before.get(r.subject)! - r.rank : null }));
  }

  private async rank(month: string, of: GetRanking.Request['of'], scope: ViewScope): Promise<GetRanking.Row[]> {
    let items: { subject: string; name: string; gridPath: string; total: number; tier: number; departmentId: string | null }[];
    if (of === 'grid_worker' || of === 'seconded') {
      items = (await this.scores.list(month, scope, { kind: 'person', personKind: of })).map(pick);
    } else {
      if (scope.departmentId) return [];
      const l2 = await this.scores.list(month, scope, { depth: GRID_DEPTH.compound });
      if (of === 'compound') items = l2.map(pick);
      else {
        // a community's score is the mean of its level-2 grids' scores
        const by = new Map<string, ScoreRow[]>();
        for (const r of l2) {
          const c = ancestorAt(r.gridPath, GRID_DEPTH.community)!;
          by.set(c, [...(by.get(c) ?? []), r]);
        }
        const names = await this.scores.gridNames([...by.keys()]);
        items = [...by].map(([path, rows]) => {
          const total = round2(rows.reduce((s, r) => s + r.total, 0) / rows.length);
          return { subject: path, name: names.get(path) ?? path, gridPath: path, total, tier: Math.round(rows.reduce((s, r) => s + r.tier, 0) / rows.length), departmentId: null };
        });
      }
    }
    items.sort((a, b) => b.total - a.total || a.subject.localeCompare(b.subject));
    let rank = 0;
    return items.map((it, i) => {
      if (i === 0 || it.total !== items[i - 1].total) rank = i + 1; // ties share a rank
      return { rank, ...it, movement: null };
    });
  }

  async notice(actor: Actor, req: GetNotice.Request): Promise<GetNotice.Reply> {
    const scope = this.guard(actor, req.gridPath);
    const [communities, compounds, seconded, ledger, themes, values, plans, diaries, meetings] = await Promise.all([
      this.rows(req.month, 'community', scope),
      this.rows(req.month, 'compound', scope),
      this.rows(req.month, 'seconded', scope),
      this.ledger.keyAreas(req.month, scope.path),
      this.themes.forNotice(req.month, scope.path),
      scope.path ? this.repo.gridValues(req.month, scope.path) : Promise.resolve({} as Record<string, number>),
      this.plans.inForce(req.month),
      this.supervision.diaryReview(req.month, scope.path),
      this.supervision.meetings(req.month, scope.path),
    ]);
    // The ledger's own rows and totals (problems reported in the month, in the street's calendar).
    const keyAreas = ledger.rows.map((r) => ({ keyArea: r.keyArea, labelZh: r.label.zh, labelEn: r.label.en, found: r.found, solved: r.solved, rate: r.closureRate ?? 0 }));
    const { found, solved } = ledger.total;
    const [y, m] = req.month.split('-');
    const reply: GetNotice.Reply = {
      month: req.month,
      title: `${y}年${Number(m)}月网格化管理考核通报 (Grid appraisal notice ${req.month})`,
      scope: scope.path,
      communities,
      compounds,
      seconded,
      keyAreas,
      totals: { found, solved, rate: ledger.total.closureRate ?? 0 },
      themes,
      supervision: { diaries, meetings, householdVisits: values[Indicator.HouseholdVisits] ?? 0 },
      unavailable: [...(diaries ? [] : ['diaries' as const]), ...(meetings ? [] : ['meetings' as const])],
      rules: [...plans.values()]
        .sort((a, b) => a.grade.localeCompare(b.grade))
        .map((p) => ({
          grade: p.grade,
          version: p.version,
          validFrom: p.validFrom,
          rules: p.rules.map((r) => ({ key: r.key, labelZh: r.labelZh, labelEn: r.labelEn, indicator: r.indicator, per: r.per ?? null, kind: r.kind, better: r.better, target: r.target, cap: r.cap ?? null, weight: r.weight, activity: INDICATOR_LABELS[r.indicator as Indicator]?.activity ?? false })),
        })),
    };
    if (req.format === 'html') {
      reply.document = { contentType: 'text/html; charset=utf-8', filename: `notice-${req.month}.html`, base64: Buffer.from(noticeHtml(reply)).toString('base64') };
    } else if (req.format === 'xlsx') {
      reply.document = {
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        filename: `notice-${req.month}.xlsx`,
        base64: (await noticeXlsx(reply)).toString('base64'),
      };
    }
    return reply;
  }

  /** 三率: response = accepted / dispatched, resolution = fixed / closed, satisfaction = satisfied / answered. */
  async threeRates(actor: Actor, req: GetThreeRates.Request): Promise<GetThreeRates.Reply> {
    const scope = this.guard(actor);
    const by = req.by ?? 'street';
    const [dr, dres, dsat] = this.env.APPRAISAL_THREE_RATE_WEIGHTS.split(',').map(Number);
    const weights = { response: req.wResponse ?? dr, resolution: req.wResolution ?? dres, satisfaction: req.wSatisfaction ?? dsat };
    if (weights.response + weights.resolution + weights.satisfaction <= 0) throw AppError.validation([{ field: 'wResponse', messages: ['the three weights must not all be 0'] }]);
    const counts = await this.repo.threeRateCounts(req.month, scope.path, by, GRID_DEPTH.street);
    const keys = [...new Set(counts.map((c) => c.key))].sort();
    const names = by === 'street' ? await this.scores.gridNames(keys) : by === 'department' ? await this.departments.names() : new Map<string, string>();
    const nameOf = (key: string): string => {
      if (by === 'unit') return UNIT_LABELS[key as Unit]?.zh ?? '一办';
      if (by === 'department') return key === 'none' ? '未指派部门 (no department)' : (names.get(key) ?? '未知部门 (unknown department)');
      return names.get(key) ?? key;
    };
    const rows = keys.map((key) => {
      const n = (ind: string) => Number(counts.find((c) => c.key === key && c.indicator === ind)?.n ?? 0);
      const row = {
        key,
        name: nameOf(key),
        dispatched: n('incidents_dispatched'),
        accepted: n('incidents_accepted'),
        closed: n('incidents_closed'),
        fixed: n('incidents_fixed'),
        surveys: n('surveys_answered'),
        satisfied: n('surveys_satisfied'),
      };
      const responseRate = pct(row.accepted, row.dispatched);
      const resolutionRate = pct(row.fixed, row.closed);
      const satisfactionRate = pct(row.satisfied, row.surveys);
      // weights renormalised over the rates that exist (nothing dispatched → no response rate)
      const parts = [
        [responseRate, weights.response],
        [resolutionRate, weights.resolution],
        [satisfactionRate, weights.satisfaction],
      ].filter(([r, w]) => r !== null && (w as number) > 0) as [number, number][];
      const wsum = parts.reduce((s, [, w]) => s + w, 0);
      const composite = wsum > 0 ? round2(parts.reduce((s, [r, w]) => s + r * w, 0) / wsum) : null;
      return { ...row, responseRate: responseRate === null ? null : Math.min(100, responseRate), resolutionRate, satisfactionRate, composite };
    });
    return { month: req.month, by, weights, rows };
  }
}

const pick = (r: ScoreRow) => ({ subject: r.subject, name: r.name, gridPath: r.gridPath, total: Number(r.total), tier: Number(r.tier), departmentId: r.departmentId });
