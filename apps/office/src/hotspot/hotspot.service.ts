import { Injectable } from '@nestjs/common';
import {
  Actor,
  AnalyseHotspots,
  CommonErrorCode,
  GridLevel,
  KeyArea,
  ListRecurrences,
  ListSpikes,
  OfficeErrorCode,
  RecurrenceSummary,
} from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { narrowScope } from '@grid122/access';
import { rowIso } from '@grid122/persistence';
import { IncidentClockService } from '../incident/incident-clock.service';
import { StatsRepository } from '../stats/stats.repository';
import { emergingHotSpots } from './emerging';
import { GridNeighbourCache } from './grid-neighbours';
import { HotspotEnv } from './hotspot.env';
import { HotspotRepository } from './hotspot.repository';
import { periodsEndingBy } from './periods';

const pct = (n: number, d: number): number | null => (d > 0 ? Math.round((n / d) * 10000) / 100 : null);
const SPIKE_LEVEL_LABELS = { grid: '网格 grid', community: '社区 community' } as const;

/** Reads of recurrence, hotspots and spikes, scoped like the ledger (the caller's grid path). */
@Injectable()
export class HotspotService {
  constructor(
    private readonly repo: HotspotRepository,
    private readonly stats: StatsRepository,
    private readonly neighbours: GridNeighbourCache,
    private readonly clock: IncidentClockService,
    private readonly env: HotspotEnv,
  ) {}

  root(actor: Actor, root?: string): string {
    const r = narrowScope(actor.scope, root);
    if (r === null) throw new AppError(OfficeErrorCode.OutOfScope, `root ${root} is outside your scope ${actor.scope}`, { field: 'root' });
    return r;
  }

  private day(s?: string): string | null {
    if (!s) return null;
    return /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : this.clock.calendar.localDate(new Date(s));
  }

  private async categoryName(code: string): Promise<string> {
    return (await this.clock.category(code))?.name ?? code;
  }

  /** Names of the places of a level (from the registry); the path's last label when the registry cannot say. */
  private async placeNames(root: string, level: GridLevel): Promise<{ depth: number | null; names: Map<string, string> }> {
    try {
      const t = await this.neighbours.get(root, level);
      return { depth: t.places[0] ? t.places[0].path.split('.').length : null, names: new Map(t.places.map((p) => [p.path, p.name])) };
    } catch {
      return { depth: null, names: new Map() };
    }
  }

  async recurrenceSummary(actor: Actor, req: RecurrenceSummary.Request): Promise<RecurrenceSummary.Reply> {
    const root = this.root(actor, req.root);
    const level = req.level ?? GridLevel.Community;
    const from = this.day(req.from);
    const to = this.day(req.to);
    const { depth, names } = await this.placeNames(root, level);
    const rows = await this.repo.recurrenceByPlace(root, depth ?? LEVEL_DEPTH_FALLBACK[level], from, to, req.category ?? null, req.keyArea ?? null);
    const figures = (r: { found: number; recurring: number; recurring_30d: number; closed: number; came_back_30d: number }): RecurrenceSummary.Figures => ({
      found: r.found,
      recurring: r.recurring,
      recurringQuick: r.recurring_30d,
      closed: r.closed,
      cameBackQuick: r.came_back_30d,
      recurringShare: pct(r.recurring, r.found),
      quickRecurrenceRate: pct(r.came_back_30d, r.closed),
    });
    const sum = { found: 0, recurring: 0, recurring_30d: 0, closed: 0, came_back_30d: 0 };
    for (const r of rows) for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += r[k];
    const ledger = await this.stats.sumByKeyArea(root, from, to);
    const byArea = req.keyArea ? ledger.filter((l) => l.key_area === req.keyArea) : ledger;
    const reworked = byArea.reduce((a, l) => a + l.reworked, 0);
    const handled = byArea.reduce((a, l) => a + l.handled, 0);
    const top = rows
      .filter((r) => r.recurring > 0 || r.came_back_30d > 0)
      .sort((a, b) => b.recurring - a.recurring || b.came_back_30d - a.came_back_30d || (a.place < b.place ? -1 : 1))
      .slice(0, req.limit ?? 50);
    return {
      root,
      from,
      to,
      level,
      quickDays: this.env.RECURRENCE_QUICK_DAYS,
      total: { ...figures(sum), reworkRate: req.category ? null : pct(reworked, handled) },
      rows: await Promise.all(
        top.map(async (r) => ({
          place: { path: r.place, name: names.get(r.place) ?? r.place.split('.').pop()! },
          category: r.category,
          categoryName: await this.categoryName(r.category),
          keyArea: r.keyArea as KeyArea,
          ...figures(r),
        })),
      ),
    };
  }

  async listRecurrences(actor: Actor, req: ListRecurrences.Request): Promise<ListRecurrences.Reply> {
    const root = this.root(actor, req.root);
    const rows = await this.repo.listRecurrences(root, this.day(req.from), this.day(req.to), req.category ?? null, req.keyArea ?? null, req.quick ? this.env.RECURRENCE_QUICK_DAYS : null, req.limit ?? 50);
    return {
      items: await Promise.all(
        rows.map(async (r) => ({
          id: r.id,
          code: r.code,
          title: r.title,
          reportedAt: rowIso(r.reported_at)!,
          closedAt: rowIso(r.closed_at),
          category: r.category,
          categoryName: await this.categoryName(r.category),
          keyArea: r.key_area as KeyArea,
          gridPath: r.grid_path,
          address: r.address,
          gapDays: Math.round(Number(r.gap_days) * 10) / 10,
          predecessors: (r.predecessors ?? []).map((p) => ({ id: p.id, code: p.code, title: p.title, reportedAt: rowIso(p.reportedAt)!, closedAt: rowIso(p.closedAt) })),
        })),
      ),
    };
  }

  async listSpikes(actor: Actor, req: ListSpikes.Request): Promise<ListSpikes.Reply> {
    const root = this.root(actor, req.root);
    const rows = await this.repo.listSpikes(root, this.day(req.from), this.day(req.to), req.category ?? null, req.keyArea ?? null, req.limit ?? 100);
    return {
      model:
        `Poisson baseline per place × category × weekday: expected = mean of the same weekday over the previous ${this.env.SPIKE_BASELINE_WEEKS} weeks ` +
        `(at least ${this.env.SPIKE_MIN_EXPECTED}); a spike when the day reaches ${this.env.SPIKE_MIN_COUNT} reports and P(X ≥ observed) < ${this.env.SPIKE_ALPHA}`,
      items: await Promise.all(
        rows.map(async (r) => ({
          id: r.id,
          placePath: r.place_path,
          placeLevel: r.place_level,
          placeLevelLabel: SPIKE_LEVEL_LABELS[r.place_level],
          category: r.category,
          categoryName: await this.categoryName(r.category),
          keyArea: r.key_area as KeyArea,
          day: r.day,
          observed: r.observed,
          expected: Number(r.expected),
          pValue: Number(r.p_value),
          detectedAt: new Date(r.detected_at).toISOString(),
        })),
      ),
    };
  }

  async analyse(actor: Actor, req: AnalyseHotspots.Request): Promise<AnalyseHotspots.Reply> {
    const started = Date.now();
    const root = this.root(actor, req.root);
    const level = req.level ?? GridLevel.BuildingCluster;
    const period = req.period ?? 'week';
    const count = req.periods ?? (period === 'week' ? 52 : 12);
    const alpha = req.alpha ?? 0.1;
    const fdr = req.fdr ?? true;
    const distanceM = req.distanceM ?? 0;
    if (req.category && req.keyArea) {
      const c = await this.clock.category(req.category);
      if (c && c.keyArea !== req.keyArea) throw new AppError(OfficeErrorCode.CategoryInvalid, `Category "${req.category}" belongs to key area ${c.keyArea}`, { field: 'category' });
    }
    if (req.category && !(await this.clock.category(req.category))) throw new AppError(OfficeErrorCode.CategoryInvalid, `Unknown category "${req.category}"`, { field: 'category' });
    const to = this.day(req.to) ?? this.clock.calendar.localDate(new Date());
    const periods = periodsEndingBy(to, period, count);
    const table = await this.neighbours.get(root, level, distanceM).catch((e) => {
      if (e instanceof AppError) throw e;
      throw new AppError(CommonErrorCode.ServiceUnavailable, 'The grid registry did not answer with the grids’ neighbours', {});
    });
    const base = { root, level, keyArea: req.keyArea ?? null, category: req.category ?? null, period, periods, alpha, fdr, distanceM };
    if (table.places.length === 0) return { ...base, summary: [], places: [], tookMs: Date.now() - started };
    const depth = table.places[0].path.split('.').length;
    const index = new Map(table.places.map((p, i) => [p.path, i]));
    const periodIndex = new Map(periods.map(([start], t) => [start, t]));
    const counts = periods.map(() => new Array<number>(table.places.length).fill(0));
    const rows = await this.repo.countsByPlacePeriod({ root, depth, from: periods[0][0], to: periods[periods.length - 1][1], period, keyArea: req.keyArea ?? null, category: req.category ?? null });
    for (const r of rows) {
      const t = periodIndex.get(r.start);
      const i = index.get(r.place);
      if (t !== undefined && i !== undefined) counts[t][i] += r.n;
    }
    const result = emergingHotSpots(counts, table.neighbours, { alpha, fdr });
    const places: AnalyseHotspots.Place[] = table.places.map((p, i) => ({
      path: p.path,
      name: p.name,
      centroid: p.centroid,
      neighbours: table.neighbours[i].length,
      counts: counts.map((row) => row[i]),
      ...result[i],
    }));
    const rank = (p: AnalyseHotspots.Place) => (p.kind === 'hot' ? 0 : p.kind === 'cold' ? 1 : 2);
    places.sort((a, b) => rank(a) - rank(b) || Math.abs(b.z[b.z.length - 1]) - Math.abs(a.z[a.z.length - 1]) || (a.path < b.path ? -1 : 1));
    const summary = new Map<string, AnalyseHotspots.Reply['summary'][number]>();
    for (const p of places) {
      if (p.kind === 'none') continue;
      const k = `${p.kind}|${p.pattern}`;
      const s = summary.get(k) ?? { kind: p.kind, pattern: p.pattern, label: p.label, places: 0 };
      s.places++;
      summary.set(k, s);
    }
    return { ...base, summary: [...summary.values()], places, tookMs: Date.now() - started };
  }
}

/** Path depth of each level in the demo's city.district.street.community.compound.cluster (used only when the registry cannot say). */
const LEVEL_DEPTH_FALLBACK: Record<GridLevel, number> = {
  [GridLevel.City]: 1,
  [GridLevel.District]: 2,
  [GridLevel.Street]: 3,
  [GridLevel.Community]: 4,
  [GridLevel.Compound]: 5,
  [GridLevel.BuildingCluster]: 6,
};
