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
import { CategoryBump, CategoryKey, HotspotRepository } from './hotspot.repository';
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
 * Each event is handled once (the inbox), in one transaction with its counters and events.
 */
@Injectable()
export class HotspotConsumer implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(HotspotConsumer.name);
  private pruneTimer?: NodeJS.Timeout;

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
      .consumer('office-hotspots')
      .on(OfficeEvents.IncidentReported, (_d, m, e) => this.onReported(e, m))
      .on(OfficeEvents.IncidentClosed, (_d, m, e) => this.onClosed(e, m))
      .on(OfficeEvents.IncidentReopened, (_d, m, e) => this.onReopened(e, m))
      .on(OfficeEvents.IncidentReclassified, (_d, m, e) => this.onReclassified(e, m));
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

  private async onReported(event: DomainEvent<IncidentEventData>, m: EntityManager): Promise<void> {
    const d = event.data;
    const reportedAt = new Date(d.reportedAt);
    const key = this.keyOf(d);
    const quickMs = this.env.RECURRENCE_QUICK_DAYS * DAY_MS;
    const bumps: CategoryBump[] = [{ key, deltas: { found: 1 } }];
    const pred = await this.repo.findPredecessor(m, {
      category: d.category,
      location: d.location,
      addressKey: d.location ? null : addressKey(d.address),
      since: new Date(reportedAt.getTime() - this.env.RECURRENCE_WINDOW_DAYS * DAY_MS),
      before: reportedAt,
      radiusM: this.env.RECURRENCE_RADIUS_M,
      excludeId: d.incidentId,
    });
    const categoryName = (await this.clock.category(d.category))?.name ?? d.category;
    if (pred && (await this.repo.linkRecurrence(m, d.incidentId, pred.id))) {
      const gapMs = reportedAt.getTime() - new Date(pred.closed_at).getTime();
      const quick = gapMs <= quickMs;
      bumps[0].deltas.recurring = 1;
      if (quick) bumps[0].deltas.recurring_30d = 1;
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
      await this.outbox.add(m, { type: HotspotEvents.RecurrenceDetected, gridPath: d.gridPath, actorId: null, data });
    }
    await this.repo.bumpCategories(m, bumps);
    await this.detectSpikes(m, d, key, categoryName);
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

  /** Spikes: the category's count today in the report's grid and community against the same weekday of past weeks. */
  private async detectSpikes(m: EntityManager, d: IncidentEventData, key: CategoryKey, categoryName: string): Promise<void> {
    const window = await this.repo.spikeWindow(m, key.category, key.gridPath, key.communityPath, key.day, this.env.SPIKE_BASELINE_WEEKS);
    const model = { weeks: this.env.SPIKE_BASELINE_WEEKS, alpha: this.env.SPIKE_ALPHA, minCount: this.env.SPIKE_MIN_COUNT, minExpected: this.env.SPIKE_MIN_EXPECTED };
    const places: ['grid' | 'community', string, number[]][] = [['community', key.communityPath, window.community]];
    if (key.gridPath !== key.communityPath) places.unshift(['grid', key.gridPath, window.grid]);
    for (const [level, path, counts] of places) {
      const v = spikeTest(counts, model);
      if (!v.spike) continue;
      const spikeId = await this.repo.recordSpike(m, { placePath: path, placeLevel: level, category: key.category, keyArea: key.keyArea, day: key.day, observed: v.observed, expected: v.expected, pValue: v.pValue, incidentId: d.incidentId });
      if (!spikeId) continue;
      const data: SpikeDetectedData = {
        spikeId,
        placePath: path,
        placeLevel: level,
        category: key.category,
        categoryName,
        keyArea: key.keyArea,
        day: key.day,
        observed: v.observed,
        expected: v.expected,
        pValue: v.pValue,
        incidentId: d.incidentId,
        message: `${categoryName}：${level === 'grid' ? '网格' : '社区'} ${path.split('.').pop()} ${key.day} 已 ${v.observed} 件（通常约 ${v.expected} 件）`,
      };
      await this.outbox.add(m, { type: HotspotEvents.SpikeDetected, gridPath: path, actorId: null, data });
    }
  }
}

/** The community (level-1 grid) of a grid path: one label below the street. */
export function communityOf(gridPath: string, streetDepth: number): string {
  return gridPath.split('.').slice(0, streetDepth + 1).join('.');
}
