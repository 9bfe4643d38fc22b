import { Injectable } from '@nestjs/common';
import { Actor, checkImportRecord, ImportIncidentRecord, ImportIncidents, Role } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { isWithinScope } from '@grid122/access';
import { transactionWithRetry } from '@grid122/persistence';
import { DataSource } from 'typeorm';
import { IncidentClockService } from '../incident-clock.service';
import { ImportRow, IncidentImportRepository } from './incident-import.repository';

/**
 * Bulk import of historical incidents (a district's migration from an older system): each batch
 * in one transaction — claims, incidents, their `import` history entries and the daily counters —
 * idempotent by (source, sourceRef). Bad records are reported by index and the rest imported.
 * No events: a migration is not news for the live feed or the units.
 */
@Injectable()
export class IncidentImportService {
  private categories?: { at: number; byCode: Map<string, string> };

  constructor(
    private readonly ds: DataSource,
    private readonly repo: IncidentImportRepository,
    private readonly clock: IncidentClockService,
  ) {}

  async importBatch(actor: Actor, req: ImportIncidents.Request): Promise<ImportIncidents.Reply> {
    if (actor.role !== Role.Admin) throw AppError.forbidden('Only an administrator may import historical incidents');
    const byCode = await this.categoryMap();
    const rejected: ImportIncidents.Rejected[] = [];
    const rows: ImportRow[] = [];
    const now = Date.now();
    req.records.forEach((r: ImportIncidentRecord, index) => {
      const bad = checkImportRecord(r, now);
      if (bad) return void rejected.push({ index, ...bad });
      const area = byCode.get(r.category);
      if (!area || area !== r.keyArea) return void rejected.push({ index, field: 'category', reason: area ? `category ${r.category} belongs to ${area}, not ${r.keyArea}` : `unknown category ${r.category}` });
      if (!isWithinScope(r.gridPath, actor.scope)) return void rejected.push({ index, field: 'gridPath', reason: `${r.gridPath} is outside your scope` });
      rows.push({ ...r, statsDay: this.clock.calendar.localDate(new Date(r.reportedAt)), registered: r.state === 'closed' });
    });
    if (rows.length === 0) return { inserted: 0, skipped: 0, rejected };
    const inserted = await transactionWithRetry(this.ds, async (m) => {
      const ids = await this.repo.insert(m, rows, { id: actor.id, name: actor.displayName ?? actor.username, role: actor.role });
      await this.repo.addCounters(m, ids);
      return ids.length;
    });
    return { inserted, skipped: rows.length - inserted, rejected };
  }

  /** Category → key area, cached for a minute (the import checks every record against it). */
  private async categoryMap(): Promise<Map<string, string>> {
    if (!this.categories || Date.now() - this.categories.at > 60_000) {
      this.categories = { at: Date.now(), byCode: await this.repo.categories(this.ds.manager) };
    }
    return this.categories.byCode;
  }
}
