import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Actor, OfficeEvents, Role, SuperviseSweep } from '@grid122/contracts';
import { AppError, IDEMPOTENCY_KEY_RETENTION_HOURS } from '@grid122/messaging';
import { DataSource } from 'typeorm';
import { OfficeEnv } from '../config/office.env';
import { IncidentRepository } from '../incident/incident.repository';
import { IncidentWorkflowService } from '../incident/incident-workflow.service';
import { UrgingService } from './urging.service';

const BATCH = 500;
/** Idempotency-Keys forgotten per statement, and at most so many statements a tick (a backlog drains over the next ticks). */
const KEY_BATCH = 1000;
const KEY_BATCHES_PER_TICK = 50;

/**
 * 督办: every minute, open incidents past their deadline get one supervision notice (an event and
 * a history entry) and an urging (催办) to the responsible unit; unacknowledged urgings past their due
 * rise one level (UrgingService). Safe with several replicas: a transaction-level advisory lock lets one sweep
 * run at a time, and SKIP LOCKED passes over rows another transaction holds.
 *
 * Each tick then forgets the intake's Idempotency-Keys (`office.idempotency_keys`) older than the
 * shared store's window (IDEMPOTENCY_KEY_RETENTION_HOURS, docs/api.md), in batches of their own
 * statement, outside the sweep's transaction.
 */
@Injectable()
export class SupervisionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SupervisionService.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly ds: DataSource,
    private readonly repo: IncidentRepository,
    private readonly workflow: IncidentWorkflowService,
    private readonly env: OfficeEnv,
    private readonly urging: UrgingService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.env.OFFICE_SWEEP_INTERVAL_MS > 0) {
      this.timer = setInterval(() => void this.tick(), this.env.OFFICE_SWEEP_INTERVAL_MS);
      this.timer.unref();
    }
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One period of the timer: the 督办 sweep, then the keys past their window. */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.sweep();
    } catch (e) {
      this.logger.error(`supervision sweep failed: ${(e as Error).message}`);
    }
    try {
      await this.forgetKeys();
    } catch (e) {
      this.logger.error(`forgetting old Idempotency-Keys failed: ${(e as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  /** Deletes the keys claimed more than the window ago, `batch` rows a statement (each its own short transaction). */
  async forgetKeys(batch = KEY_BATCH, maxBatches = KEY_BATCHES_PER_TICK): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxBatches; i++) {
      const n = await this.repo.pruneIdempotencyKeys(IDEMPOTENCY_KEY_RETENTION_HOURS, batch);
      total += n;
      if (n < batch) break;
    }
    if (total > 0) this.logger.log(`forgot ${total} Idempotency-Key(s) older than ${IDEMPOTENCY_KEY_RETENTION_HOURS} h`);
    return total;
  }

  async sweepFor(actor: Actor): Promise<SuperviseSweep.Reply> {
    if (actor.role !== Role.Admin && actor.role !== Role.StreetCommander) throw AppError.forbidden('Only the command centre runs the supervision sweep');
    return this.sweep();
  }

  async sweep(now = new Date()): Promise<SuperviseSweep.Reply> {
    return this.ds.transaction(async (m) => {
      const [{ locked }] = await m.query(`SELECT pg_try_advisory_xact_lock(hashtext('office.supervision.sweep')) AS locked`);
      if (!locked) return { supervised: 0, incidentIds: [], raised: 0 };
      // Urgings not acknowledged by their due rise one level first (one sent in this sweep is not yet due).
      const raised = await this.urging.riseDue(m, now, BATCH);
      const rows = await this.repo.lockOverdue(m, now, BATCH);
      const system = { id: null, name: '督办 supervision', role: 'system', actor: null };
      for (const row of rows) {
        await this.repo.update(m, row.id, { supervised_at: now });
        await this.workflow.noteIn(m, { ...row, supervised_at: now }, 'supervise', system, `超期督办 overdue since ${new Date(row.deadline!).toISOString()}`, { type: OfficeEvents.IncidentSupervised, extra: { note: 'overdue' } });
        // 督办 sends a 催办 to whoever is responsible (none yet when it waits for the centre to dispatch).
        await this.urging.urgeIn(m, row, system, '超期督办', now);
      }
      return { supervised: rows.length, incidentIds: rows.map((r) => r.id), raised: raised.length };
    });
  }
}
