import { Injectable } from '@nestjs/common';
import { AppError, OutboxWriter } from '@grid122/messaging';
import { IncidentEventData, IncidentState, KEY_AREA_LABELS, KeyArea, OfficeErrorCode, OfficeEvents } from '@grid122/contracts';
import { EntityManager } from 'typeorm';
import { IncidentClockService } from '../incident/incident-clock.service';
import { IncidentRepository } from '../incident/incident.repository';
import { IncidentRow } from '../incident/incident.row';
import { Doer } from '../incident/incident-access';
import { StatsRepository } from '../stats/stats.repository';
import { ledgerCountersOf, negated } from './ledger-counters';

export interface Classification {
  keyArea?: KeyArea;
  category?: string;
}

/**
 * 筛选分类: changes a locked incident's key area and category inside the caller's transaction —
 * the row, the clock (the new category's limits), the daily counters and their roll-ups moved from
 * the old key area to the new (in key order, as every bulk writer takes them), a `reclassify`
 * history entry and `office.incident.reclassified` (the category counters follow from that event,
 * in the hotspot consumer). No change, no entry.
 */
@Injectable()
export class Reclassifier {
  constructor(
    private readonly repo: IncidentRepository,
    private readonly stats: StatsRepository,
    private readonly clock: IncidentClockService,
    private readonly outbox: OutboxWriter,
  ) {}

  async classifyIn(
    m: EntityManager,
    row: IncidentRow,
    to: Classification,
    reason: string | null,
    doer: Doer,
    eventData: (updated: IncidentRow, extra: Partial<IncidentEventData>) => IncidentEventData,
  ): Promise<IncidentRow> {
    if (!to.category) throw AppError.validation([{ field: 'category', messages: ['category is required to reclassify (with or without keyArea)'] }]);
    const category = await this.clock.category(to.category);
    if (!category) throw new AppError(OfficeErrorCode.CategoryInvalid, `Unknown category "${to.category}" (see GET /api/v1/categories)`, { field: 'category' });
    if (to.keyArea && category.keyArea !== to.keyArea) {
      throw new AppError(OfficeErrorCode.CategoryInvalid, `Category "${to.category}" belongs to key area ${category.keyArea}, not ${to.keyArea}`, { field: 'category' });
    }
    if (category.code === row.category && category.keyArea === row.key_area) return row;
    // A follower is counted with its original; correct the original instead.
    if (row.state === IncidentState.Duplicate) throw AppError.illegalTransition('incident', row.state, 'reclassify');

    const now = new Date();
    const fromLabel = `${KEY_AREA_LABELS[row.key_area].zh}/${(await this.clock.category(row.category))?.name ?? row.category}`;
    const toLabel = `${KEY_AREA_LABELS[category.keyArea].zh}/${category.name}`;
    const merged: IncidentRow = { ...row, key_area: category.keyArea, category: category.code };
    await this.repo.update(m, row.id, { key_area: category.keyArea, category: category.code, ...this.clock.columns(merged, category, now) });
    if (category.keyArea !== row.key_area) {
      const counters = ledgerCountersOf(row);
      await this.stats.bumpMany(m, [
        { key: { day: row.stats_day, gridPath: row.grid_path, keyArea: row.key_area }, deltas: negated(counters) },
        { key: { day: row.stats_day, gridPath: row.grid_path, keyArea: category.keyArea }, deltas: counters },
      ]);
    }
    const note = [`分类调整 reclassified: ${fromLabel} → ${toLabel}`, reason].filter(Boolean).join('; ');
    await this.repo.appendHistory(m, row.id, {
      action: 'reclassify',
      from_state: row.state,
      to_state: row.state,
      by_id: doer.id,
      by_name: doer.name,
      by_role: doer.role,
      note,
      at: now,
      data: { from: { keyArea: row.key_area, category: row.category }, to: { keyArea: category.keyArea, category: category.code } },
    });
    const updated = (await this.repo.get(row.id, m))!;
    await this.outbox.add(m, {
      type: OfficeEvents.IncidentReclassified,
      gridPath: row.grid_path,
      actorId: doer.id,
      data: eventData(updated, { action: 'reclassify', note, reclassifiedFrom: { keyArea: row.key_area, category: row.category } }),
    });
    return updated;
  }
}
