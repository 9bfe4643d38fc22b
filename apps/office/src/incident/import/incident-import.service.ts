import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Actor, checkImportRecord, FinishIncidentImport, ImportIncidentRecord, ImportIncidents, Role } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { isWithinScope } from '@grid122/access';
import { PgClientLike, transactionWithRetry } from '@grid122/persistence';
import { DataSource } from 'typeorm';
import { IncidentClockService } from '../incident-clock.service';
import { ImportRow, IncidentImportRepository } from './incident-import.repository';

/** Staged rows moved per transaction at a run's finish, and the transactions moving side by side. */
const MOVE_CHUNK = 10_000;
const MOVERS = 2;

/**
 * Bulk import of historical incidents (a district's migration from an older system): each
 * batch's good records are COPied into a staging table under the run's id; the run's finish moves
 * them into the ledger in set-based statements — claims, incidents, their `import` history entries,
 * then the counters in bulk — idempotent by (source, sourceRef). Bad records are reported by index
 * and the rest imported. No events: a migration is not news for the live feed or the units.
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
    const runId = req.runId ?? randomUUID();
    const staged = rows.length ? await this.stage(runId, rows, actor.id) : 0;
    // A batch of a run waits for the run's finish; a batch on its own is moved at once.
    if (req.runId) return { inserted: 0, skipped: 0, rejected, staged };
    if (!staged) return { inserted: 0, skipped: 0, rejected };
    const moved = await this.finish(actor, { runId });
    return { ...moved, rejected };
  }

  /**
   * Moves a run's staged records into the ledger, MOVE_CHUNK rows per transaction, MOVERS at once: the claims,
   * incidents and history in one statement, then the chunk's counters in bulk (daily counters and
   * roll-ups, category counters) in key order. Each chunk commits on its own: a failure midway is
   * resumed by sending the file again (what was moved is skipped).
   */
  async finish(actor: Actor, req: FinishIncidentImport.Request): Promise<FinishIncidentImport.Reply> {
    if (actor.role !== Role.Admin) throw AppError.forbidden('Only an administrator may import historical incidents');
    if (req.discard) {
      await this.repo.discard(this.ds, req.runId);
      return { inserted: 0, skipped: 0 };
    }
    await this.repo.discard(this.ds, null); // what runs abandoned over a day ago left
    const by = { name: actor.displayName ?? actor.username, role: actor.role };
    let inserted = 0;
    let skipped = 0;
    // MOVERS transactions side by side (two cores: Postgres inserts with both), each taking the
    // next chunk nobody holds until the run's staging is empty.
    const mover = async () => {
      for (;;) {
        const r = await transactionWithRetry(this.ds, async (m) => {
          const moved = await this.repo.move(m, req.runId, MOVE_CHUNK, by);
          await this.repo.addCounters(m, moved.ids);
          return moved;
        });
        inserted += r.ids.length;
        skipped += r.taken - r.ids.length;
        if (r.taken < MOVE_CHUNK) return;
      }
    };
    await Promise.all(Array.from({ length: MOVERS }, mover));
    return { inserted, skipped };
  }

  /** COPY of the checked rows into the staging table (its own statement, on a pooled connection). */
  private async stage(runId: string, rows: ImportRow[], by: string): Promise<number> {
    const qr = this.ds.createQueryRunner();
    try {
      return await this.repo.stage((await qr.connect()) as PgClientLike, runId, rows, by);
    } finally {
      await qr.release();
    }
  }

  /** Category → key area, cached for a minute (the import checks every record against it). */
  private async categoryMap(): Promise<Map<string, string>> {
    if (!this.categories || Date.now() - this.categories.at > 60_000) {
      this.categories = { at: Date.now(), byCode: await this.repo.categories(this.ds.manager) };
    }
    return this.categories.byCode;
  }
}
