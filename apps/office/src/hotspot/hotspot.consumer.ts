import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import {
  ClosureType,
  DomainEvent,
  HotspotEvents,
  IncidentEventData,
  OfficeEvents,
  RecurrenceDetectedData,
  SpikeDetectedData,
} from '@grid122/contracts';
import { EventConsumers, OutboxWriter } from '@grid122/messaging';
import { EntityManager } from 'typeorm';
import { OfficeEnv } from '../config/office.env';
import { IncidentClockService } from '../incident/incident-clock.service';
import { IncidentRepository } from '../incident/incident.repository';
import { HotspotEnv } from './hotspot.env';
import { CategoryBump, CategoryKey, FoundRow, HotspotRepository, SpikeRecord, windowDays } from './hotspot.repository';
import { spikeTest } from './spike-model';

const DAY_MS = 86_400_000;

/** "Same building" for a report without a point: its address without spaces and punctuation. */
export const addressKey = (address: string | null | undefined): string | null => {
  const k = (address ?? '').replace(/[\s\p{P}\p{S}]/gu, '').toLowerCase();
  return k.length >= 4 ? k : null;
};

/**
 * Follows the ledger's events (not the intake's transaction: the intake stays as cheap as it was):
 * - a closure records the closed problem's place; a reopening forgets it;
 * - a report looks for a problem of the same category closed at the same place (indexed), links
 *   to it as recurring (复发), counts it per grid × category × day, and tests the day's count of
 *   the category in the report's grid and community against its usual level (spikes).
 * Each event is handled once (the inbox), in one transaction with its counters and events. The
 * reports of a batch are noted by their handler and applied together at its flush (applyReports):
 * a constant number of statements per batch for the lookups, the counters and the spike windows.
 */
@Injectable()
export class HotspotConsumer implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(HotspotConsumer.name);
  private pruneTimer?: NodeJS.Timeout;
  /** Each open transaction's reports, noted by the handler (with its context: trace, request id) and applied at the flush. */
  private readonly staged = new WeakMap<EntityManager, StagedReport[]>();

  constructor(
    private readonly consumers: EventConsumers,
    private readonly repo: HotspotRepository,
    private readonly incidents: IncidentRepository,
    private readonly clock: IncidentClockService,
    private readonly outbox: OutboxWriter,
    private readonly env: HotspotEnv,
    private readonly officeEnv: OfficeEnv,
  ) {}

  onModuleInit(): void {
    this.consumers
      .consumer('office-hotspots', { flush: (m) => this.applyReports(m) })
      .on(OfficeEvents.IncidentReported, async (_d, m, e) => this.noteReported(e, m))
      // The reports noted before another event of the transaction are applied first (their order kept).
      .on(OfficeEvents.IncidentClosed, async (_d, m, e) => this.applyReports(m).then(() => this.onClosed(e, m)))
      .on(OfficeEvents.IncidentReopened, async (_d, m, e) => this.applyReports(m).then(() => this.onReopened(e, m)))
      .on(OfficeEvents.IncidentReclassified, async (_d, m, e) => this.applyReports(m).then(() => this.onReclassified(e, m)));
    this.pruneTimer = setInterval(() => void this.prune(), 3_600_000);
    this.pruneTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.pruneTimer);
  }

  async prune(): Promise<void> {
    try {
      await this.repo.pruneClosures(new Date(Date.now() - this.env.RECURRENCE_WINDOW_DAYS * DAY_MS));
    } catch (e) {
      this.logger.warn(`pruning closed places failed: ${(e as Error).message}`);
    }
  }

  /**
   * 筛选分类: what the incident counts for in the category counters (found, recurring, closed, came
   * back) moves from its old category to its new one. Its state is the event's (a later closure
   * arrives by its own event, already with the new category); its recurrence links are its row's.
   */
  private async onReclassified(event: DomainEvent<IncidentEventData>, m: EntityManager): Promise<void> {
    const d = event.data;
    const from = d.reclassifiedFrom;
    if (!from || from.category === d.category) return;
    const deltas = await this.repo.categoryContribution(m, d.incidentId, d.state, this.env.RECURRENCE_QUICK_DAYS);
    const key = this.keyOf(d);
    const negated = Object.fromEntries(Object.entries(deltas).map(([k, v]) => [k, -v]));
    await this.repo.bumpCategories(m, [
      { key: { ...key, category: from.category, keyArea: from.keyArea }, deltas: negated },
      { key, deltas },
    ]);
    await this.repo.recategoriseClosure(m, d.incidentId, d.category);
  }

  private keyOf(d: IncidentEventData): CategoryKey {
    return {
      category: d.category,
      gridPath: d.gridPath,
      day: this.clock.calendar.localDate(new Date(d.reportedAt)),
      keyArea: d.keyArea,
      communityPath: communityOf(d.gridPath, this.officeEnv.OFFICE_STREET_DEPTH),
    };
  }

  private async onClosed(event: DomainEvent<IncidentEventData>, m: EntityManager): Promise<void> {
    const d = event.data;
    // A report closed as "not ours" (误报/非本部门) was never a problem at the place.
    if (d.closureType !== ClosureType.NotResponsible) {
      await this.repo.recordClosure(m, {
        incidentId: d.incidentId,
        category: d.category,
        gridPath: d.gridPath,
        location: d.location,
        addressKey: addressKey(d.address),
        closedAt: new Date(event.occurredAt),
      });
    }
    await this.repo.bumpCategories(m, [{ key: this.keyOf(d), deltas: { closed: 1 } }]);
  }

  private async onReopened(event: DomainEvent<IncidentEventData>, m: EntityManager): Promise<void> {
    await this.repo.forgetClosure(m, event.data.incidentId);
    await this.repo.bumpCategories(m, [{ key: this.keyOf(event.data), deltas: { closed: -1 } }]);
  }

  private noteReported(event: DomainEvent<IncidentEventData>, m: EntityManager): void {
    const staged = this.staged.get(m) ?? [];
    staged.push({ event, resume: AsyncLocalStorage.snapshot() });
    this.staged.set(m, staged);
  }

  /**
   * The transaction's noted reports, each with the same effect as when they were applied one by
   * one in their order, in a constant number of statements for the batch:
   * - each report looks for a problem of its category closed at its place (one lookup for all:
   *   reports do not change the closed places); a recurrence found is linked, noted and announced
   *   in the reports' order (per recurrence: the predecessor's first repeat is the earliest);
   * - the category counters of all the reports in one upsert, summed per key;
   * - each report's spike test against the counters as they stood after the reports before it and
   *   its own (the windows' rows read once, the batch's counts added in memory), the spikes
   *   recorded in one statement (per place, category and day: the first one's values, the largest
   *   count) and each new one announced once.
   */
  async applyReports(m: EntityManager): Promise<void> {
    const staged = this.staged.get(m);
    this.staged.delete(m);
    if (!staged?.length) return;
    const quickMs = this.env.RECURRENCE_QUICK_DAYS * DAY_MS;
    const weeks = this.env.SPIKE_BASELINE_WEEKS;
    const reports = staged.map(({ event, resume }) => ({ event, resume, d: event.data, reportedAt: new Date(event.data.reportedAt), key: this.keyOf(event.data) }));
    const preds = await this.repo.findPredecessors(
      m,
      reports.map(({ d, reportedAt }) => ({
        category: d.category,
        location: d.location,
        addressKey: d.location ? null : addressKey(d.address),
        since: new Date(reportedAt.getTime() - this.env.RECURRENCE_WINDOW_DAYS * DAY_MS),
        before: reportedAt,
        radiusM: this.env.RECURRENCE_RADIUS_M,
        excludeId: d.incidentId,
      })),
    );
    const counts = new FoundCounts(await this.repo.foundAround(m, uniqueBy(reports.map((r) => r.key), (k) => [k.category, k.communityPath, k.day]), uniqueBy(reports.map((r) => r.key), (k) => [k.category, k.gridPath, k.day]), weeks));
    const bumps: CategoryBump[] = [];
    const spikes: { record: SpikeRecord; categoryName: string; resume: Resume }[] = [];
    const model = { weeks, alpha: this.env.SPIKE_ALPHA, minCount: this.env.SPIKE_MIN_COUNT, minExpected: this.env.SPIKE_MIN_EXPECTED };
    for (const [i, { d, reportedAt, key, resume }] of reports.entries()) {
      const bump: CategoryBump = { key, deltas: { found: 1 } };
      bumps.push(bump);
      const categoryName = (await this.clock.category(d.category))?.name ?? d.category;
      const pred = preds.get(i);
      if (pred && (await this.repo.linkRecurrence(m, d.incidentId, pred.id))) {
        const gapMs = reportedAt.getTime() - new Date(pred.closed_at).getTime();
        const quick = gapMs <= quickMs;
        bump.deltas.recurring = 1;
        if (quick) bump.deltas.recurring_30d = 1;
        const first = await this.repo.markRecurred(m, pred.id, reportedAt);
        if (first && quick) {
          bumps.push({ key: { ...first, communityPath: communityOf(first.gridPath, this.officeEnv.OFFICE_STREET_DEPTH) }, deltas: { came_back_30d: 1 } });
        }
        const gapDays = Math.round((gapMs / DAY_MS) * 10) / 10;
        await this.incidents.appendHistory(m, d.incidentId, {
          action: 'recurrence_linked',
          from_state: d.state,
          to_state: d.state,
          by_id: null,
          by_name: '热点分析',
          by_role: 'system',
          note: `复发 recurring: ${pred.code} 同一地点同类问题结案 ${gapDays} 天后再次发生`,
        });
        const chainLength = await this.chainLength(m, pred.id);
        const data: RecurrenceDetectedData = {
          incidentId: d.incidentId,
          code: d.code,
          category: d.category,
          categoryName,
          keyArea: d.keyArea,
          gridPath: d.gridPath,
          predecessorId: pred.id,
          predecessorCode: pred.code,
          gapDays,
          quick,
          chainLength,
        };
        await resume(() => this.outbox.add(m, { type: HotspotEvents.RecurrenceDetected, gridPath: d.gridPath, actorId: null, data }));
      }
      // Spikes: the category's count today in the report's grid and community (its own report counted) against the same weekday of past weeks.
      counts.add(key);
      const places: ['grid' | 'community', string, number[]][] = [['community', key.communityPath, counts.window(key, weeks, 'community')]];
      if (key.gridPath !== key.communityPath) places.unshift(['grid', key.gridPath, counts.window(key, weeks, 'grid')]);
      for (const [level, path, window] of places) {
        const v = spikeTest(window, model);
        if (!v.spike) continue;
        spikes.push({ record: { placePath: path, placeLevel: level, category: key.category, keyArea: key.keyArea, day: key.day, observed: v.observed, expected: v.expected, pValue: v.pValue, incidentId: d.incidentId }, categoryName, resume });
      }
    }
    await this.repo.bumpCategories(m, bumps);
    const raised = await this.repo.recordSpikes(m, spikes.map((s) => s.record));
    for (const [i, { record: s, categoryName, resume }] of spikes.entries()) {
      const spikeId = raised[i];
      if (!spikeId) continue;
      const message = `${categoryName}：${s.placeLevel === 'grid' ? '网格' : '社区'} ${s.placePath.split('.').pop()} ${s.day} 已 ${s.observed} 件（通常约 ${s.expected} 件）`;
      const data: SpikeDetectedData = { spikeId, ...s, categoryName, message };
      await resume(() => this.outbox.add(m, { type: HotspotEvents.SpikeDetected, gridPath: s.placePath, actorId: null, data }));
    }
  }

  private async chainLength(m: EntityManager, id: string): Promise<number> {
    const rows: { n: number }[] = await m.query(
      `WITH RECURSIVE c(id, rof, depth) AS (SELECT id, recurrence_of, 1 FROM office.incidents WHERE id = $1
         UNION ALL SELECT i.id, i.recurrence_of, c.depth + 1 FROM office.incidents i JOIN c ON i.id = c.rof WHERE c.depth < 50)
       SELECT max(depth)::int AS n FROM c`,
      [id],
    );
    return rows[0]?.n ?? 1;
  }
}

/** Runs a function in the context a report was handled in (its trace and request id: the events it raises continue them). */
type Resume = <R>(fn: () => R) => R;

interface StagedReport {
  event: DomainEvent<IncidentEventData>;
  resume: Resume;
}

/** Each distinct value once, by the parts given, in first-seen order. */
function uniqueBy<T>(xs: T[], parts: (x: T) => string[]): T[] {
  const seen = new Map<string, T>();
  for (const x of xs) {
    const k = parts(x).join('\u0000');
    if (!seen.has(k)) seen.set(k, x);
  }
  return [...seen.values()];
}

/**
 * The found counts a batch's spike windows read (their sums of `found` per place, category and day), from the
 * rows read once before the batch plus the batch's own reports counted in as they are applied.
 */
class FoundCounts {
  /** By category, grid and day: the row (its community as stored). */
  private readonly cells = new Map<string, FoundRow>();
  /** By category, community and day: the rows of the community. */
  private readonly places = new Map<string, FoundRow[]>();
  /** A window's days by its day (both levels and every report of the day read the same). */
  private readonly days = new Map<string, string[]>();

  constructor(rows: FoundRow[]) {
    for (const r of rows) this.put({ ...r });
  }

  private put(r: FoundRow): void {
    this.cells.set([r.category, r.gridPath, r.day].join('\u0000'), r);
    const k = [r.category, r.communityPath, r.day].join('\u0000');
    const rows = this.places.get(k);
    if (rows) rows.push(r);
    else this.places.set(k, [r]);
  }

  /** One report found at the key (a new row takes the key's community, as the upsert inserts it). */
  add(key: CategoryKey): void {
    const cell = this.cells.get([key.category, key.gridPath, key.day].join('\u0000'));
    if (cell) cell.found += 1;
    else this.put({ category: key.category, gridPath: key.gridPath, communityPath: key.communityPath, day: key.day, found: 1 });
  }

  /** The day's count and the same weekday's 1..weeks weeks before: the grid's own (within its community) or the community's. */
  window(key: CategoryKey, weeks: number, level: 'grid' | 'community'): number[] {
    let days = this.days.get(key.day);
    if (!days) this.days.set(key.day, (days = windowDays(key.day, weeks)));
    return days.map((day) => {
      const rows = this.places.get([key.category, key.communityPath, day].join('\u0000')) ?? [];
      return rows.reduce((n, r) => n + (level === 'community' || r.gridPath === key.gridPath ? r.found : 0), 0);
    });
  }
}

/** The community (level-1 grid) of a grid path: one label below the street. */
export function communityOf(gridPath: string, streetDepth: number): string {
  return gridPath.split('.').slice(0, streetDepth + 1).join('.');
}
