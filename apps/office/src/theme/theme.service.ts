import { Injectable } from '@nestjs/common';
import {
  Actor,
  AdoptTheme,
  GetTheme,
  GridLevel,
  KEY_AREA_LABELS,
  KeyArea,
  ListThemes,
  OfficeErrorCode,
  THEME_REASON_LABELS,
  ThemeCandidates,
  ThemeEvidence,
  ThemeReason,
  ThemeView,
  ThemeWindowFigures,
  UNIT_LABELS,
  labelOr,
} from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { isWithinScope } from '@grid122/access';
import { IncidentClockService } from '../incident/incident-clock.service';
import { GridNeighbourCache } from '../hotspot/grid-neighbours';
import { HotspotService } from '../hotspot/hotspot.service';
import { addDays, periodsEndingBy } from '../hotspot/periods';
import { mannKendall } from '../hotspot/statistics';
import { ThemeRepository, ThemeRow } from './theme.repository';

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** Month arithmetic on YYYY-MM. */
export function addMonths(month: string, n: number): string {
  const m = Number(month.slice(5, 7)) - 1 + n;
  const y = Number(month.slice(0, 4)) + Math.floor(m / 12);
  return `${y}-${String((((m % 12) + 12) % 12) + 1).padStart(2, '0')}`;
}
const lastDay = (month: string) => addDays(`${addMonths(month, 1)}-01`, -1);
const minusYear = (day: string) => `${Number(day.slice(0, 4)) - 1}${day.slice(4)}`.replace(/-02-29$/, '-02-28');
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** Rules of the candidates (docs/hotspots.md, "The month's theme"). */
export const CANDIDATE_RULES = {
  recurring: { min: 3, share: 0.1 },
  widespread: { places: 5 },
  rising: { ratio: 1.5, minFound: 10 },
};

/**
 * 每月一题: proposes each month the categories that recur, spread and rise under a street or
 * district, with their evidence; records the commander's adoption as a project; measures its
 * before/after figures at the same places and category, same season.
 */
@Injectable()
export class ThemeService {
  constructor(
    private readonly repo: ThemeRepository,
    private readonly hotspots: HotspotService,
    private readonly neighbours: GridNeighbourCache,
    private readonly clock: IncidentClockService,
  ) {}

  private today(): string {
    return this.clock.calendar.localDate(new Date());
  }

  private async names(root: string): Promise<Map<string, string>> {
    try {
      return new Map((await this.neighbours.get(root, GridLevel.BuildingCluster)).places.map((p) => [p.path, p.name]));
    } catch {
      return new Map();
    }
  }

  async candidates(actor: Actor, req: ThemeCandidates.Request): Promise<ThemeCandidates.Reply> {
    const root = this.hotspots.root(actor, req.root);
    const month = req.month ?? addMonths(this.today().slice(0, 7), -1);
    return { root, month, candidates: await this.propose(root, month, req.limit ?? 5) };
  }

  /** The top candidates of a month under a root, best first. */
  async propose(root: string, month: string, limit: number): Promise<ThemeCandidates.Candidate[]> {
    const from = `${addMonths(month, -2)}-01`;
    const to = lastDay(month);
    const prevFrom = `${addMonths(month, -5)}-01`;
    const prevTo = addDays(from, -1);
    const [now, before] = await Promise.all([this.repo.categoryWindow(root, from, to), this.repo.categoryWindow(root, prevFrom, prevTo)]);
    const prev = new Map(before.map((b) => [b.category, b.found]));
    const cats = now.filter((c) => c.found > 0).map((c) => c.category);
    if (cats.length === 0) return [];
    const weeks = periodsEndingBy(to, 'week', 13);
    const [weekly, grids, closed, names] = await Promise.all([
      this.repo.weekly(root, cats, weeks[0][0], weeks[weeks.length - 1][1]),
      this.repo.byGrid(root, cats, from, to),
      this.repo.closedTimes(root, cats, from, to),
      this.names(root),
    ]);
    const weekIndex = new Map(weeks.map(([w], i) => [w, i]));
    const candidates: ThemeCandidates.Candidate[] = [];
    for (const c of now.filter((x) => x.found > 0)) {
      const series = new Array<number>(weeks.length).fill(0);
      for (const w of weekly) if (w.category === c.category && weekIndex.has(w.week)) series[weekIndex.get(w.week)!] += w.found;
      const trend = mannKendall(series, 0.1);
      const previousFound = prev.get(c.category) ?? 0;
      const reasons: ThemeReason[] = [];
      if (c.recurring >= CANDIDATE_RULES.recurring.min && c.recurring >= CANDIDATE_RULES.recurring.share * c.found) reasons.push('recurring');
      if (c.places >= CANDIDATE_RULES.widespread.places) reasons.push('widespread');
      if (trend.trend === 'up' || (c.found >= CANDIDATE_RULES.rising.minFound && c.found >= CANDIDATE_RULES.rising.ratio * previousFound)) reasons.push('rising');
      if (reasons.length === 0) continue;
      const topPlaces = grids
        .filter((g) => g.category === c.category)
        .sort((a, b) => b.recurring - a.recurring || b.found - a.found || (a.grid_path < b.grid_path ? -1 : 1))
        .slice(0, 5)
        .map((g) => ({ path: g.grid_path, name: names.get(g.grid_path) ?? g.grid_path.split('.').pop()!, found: g.found, recurring: g.recurring }));
      const mine = closed.filter((x) => x.category === c.category);
      const workingHours = mine.reduce((s, x) => s + this.clock.calendar.workingMinutesBetween(new Date(x.reported_at), new Date(x.closed_at)), 0) / 60;
      const evidence: ThemeEvidence = {
        window: [from, to],
        found: c.found,
        previousFound,
        recurring: c.recurring,
        recurringQuick: c.recurring_30d,
        places: c.places,
        communities: c.communities,
        topPlaces,
        weekly: series,
        trend: { s: trend.s, tau: round(trend.tau, 4), z: round(trend.z, 4), p: round(trend.p, 6), trend: trend.trend },
        workingHours: round(workingHours, 1),
        closed: mine.length,
      };
      const score = c.recurring * 3 + c.found + (reasons.includes('rising') ? c.found / 2 : 0) + c.places;
      const category = await this.clock.category(c.category);
      candidates.push({
        category: c.category,
        categoryName: category?.name ?? c.category,
        keyArea: c.key_area as KeyArea,
        keyAreaLabel: KEY_AREA_LABELS[c.key_area as KeyArea],
        score: round(score, 1),
        reasons,
        reasonLabels: reasons.map((r) => THEME_REASON_LABELS[r].zh),
        evidence,
      });
    }
    return candidates.sort((a, b) => b.score - a.score || (a.category < b.category ? -1 : 1)).slice(0, limit);
  }

  async adopt(actor: Actor, req: AdoptTheme.Request): Promise<ThemeView> {
    const root = this.hotspots.root(actor, req.root);
    const category = await this.clock.category(req.category);
    if (!category) throw new AppError(OfficeErrorCode.CategoryInvalid, `Unknown category "${req.category}"`, { field: 'category' });
    const month = req.month ?? this.today().slice(0, 7);
    const deadline = /^\d{4}-\d{2}-\d{2}$/.test(req.deadline) ? req.deadline : this.clock.calendar.localDate(new Date(req.deadline));
    if (deadline < `${month}-01`) throw AppError.validation([{ field: 'deadline', messages: ['the deadline must not be before the theme’s month'] }]);
    for (const p of req.places ?? []) {
      if (!isWithinScope(p, root)) throw new AppError(OfficeErrorCode.OutOfScope, `place ${p} is outside ${root}`, { field: 'places' });
    }
    // Evidence as it was proposed: the candidate of the month before (or of this one), when there is one.
    const proposed = [...(await this.propose(root, addMonths(month, -1), 20)), ...(await this.propose(root, month, 20))].find((c) => c.category === req.category) ?? null;
    const places = req.places?.length ? req.places : proposed?.evidence.topPlaces.length ? proposed.evidence.topPlaces.map((p) => p.path) : [root];
    const id = await this.repo.insert({
      root,
      month: `${month}-01`,
      title: req.title,
      category: category.code,
      key_area: category.keyArea,
      places,
      owner_name: req.ownerName,
      units: req.units,
      departments: req.departments,
      target_reduction_pct: req.targetReductionPct,
      deadline,
      note: req.note ?? null,
      evidence: proposed?.evidence ?? null,
      adopted_by: actor.id,
      adopted_by_name: actor.displayName ?? actor.username,
    });
    if (!id) throw new AppError(OfficeErrorCode.ThemeExists, `${root} already has the ${month} theme for ${category.name}`, { field: 'category', month });
    return this.view((await this.repo.get(id))!, null);
  }

  async list(actor: Actor, req: ListThemes.Request): Promise<ListThemes.Reply> {
    const root = this.hotspots.root(actor, req.root);
    const rows = await this.repo.list(root, req.month ? `${req.month}-01` : null);
    return { items: await Promise.all(rows.map((r) => this.view(r, req.month ?? null))) };
  }

  async get(actor: Actor, req: GetTheme.Request): Promise<ThemeView> {
    const row = await this.repo.get(req.id);
    if (!row || !isWithinScope(row.root, actor.scope)) throw new AppError(OfficeErrorCode.ThemeNotFound, `Theme ${req.id} not found`, { id: req.id });
    return this.view(row, null);
  }

  /** The theme with its effect measured up to the end of `asOfMonth` (or today, or the deadline, whichever is first). */
  async view(r: ThemeRow, asOfMonth: string | null): Promise<ThemeView> {
    const today = this.today();
    const adoptedDay = this.clock.calendar.localDate(new Date(r.adopted_at));
    const end = [today, r.deadline, asOfMonth ? lastDay(asOfMonth) : today].sort()[0];
    const afterFrom = adoptedDay;
    const span = Math.max(0, daysBetween(afterFrom, end) + 1);
    const first = await this.repo.firstDay(r.places);
    const lastYearFrom = minusYear(afterFrom);
    const sameSeason = span > 0 && first !== null && first <= lastYearFrom;
    const beforeFrom = sameSeason ? lastYearFrom : addDays(afterFrom, -span);
    const beforeTo = sameSeason ? minusYear(end) : addDays(afterFrom, -1);
    const figures = async (from: string, to: string): Promise<ThemeWindowFigures> => {
      const monthly = span > 0 ? await this.repo.monthly(r.category, r.places, from, to) : [];
      return {
        from,
        to,
        found: monthly.reduce((s, m) => s + m.found, 0),
        recurring: monthly.reduce((s, m) => s + m.recurring, 0),
        monthly: monthly.map((m) => ({ month: m.month, found: m.found })),
      };
    };
    const [before, after] = await Promise.all([figures(beforeFrom, beforeTo), figures(afterFrom, end)]);
    const changePct = before.found > 0 && span > 0 ? round(((after.found - before.found) / before.found) * 100, 1) : null;
    const names = await this.names(r.root);
    const category = await this.clock.category(r.category);
    return {
      id: r.id,
      month: r.month.slice(0, 7),
      root: r.root,
      title: r.title,
      category: r.category,
      categoryName: category?.name ?? r.category,
      keyArea: r.key_area as KeyArea,
      places: r.places.map((p) => ({ path: p, name: names.get(p) ?? p.split('.').pop()! })),
      ownerName: r.owner_name,
      units: r.units.map((u) => ({ code: u as ThemeView['units'][number]['code'], label: labelOr(UNIT_LABELS, u).zh })),
      departments: r.departments,
      target: { reductionPct: r.target_reduction_pct, label: `同比下降 ${r.target_reduction_pct}% 以上` },
      deadline: r.deadline,
      note: r.note,
      adoptedAt: new Date(r.adopted_at).toISOString(),
      adoptedBy: r.adopted_by_name ?? r.adopted_by,
      evidence: (r.evidence as ThemeEvidence | null) ?? null,
      effect: {
        basis: sameSeason ? 'same_season_last_year' : 'preceding_period',
        basisLabel: sameSeason ? '与去年同期相比 (same season last year)' : '与立项前同样天数相比 (the same number of days before adoption)',
        before,
        after,
        changePct,
        targetMet: changePct === null ? null : changePct <= -r.target_reduction_pct,
      },
    };
  }
}
