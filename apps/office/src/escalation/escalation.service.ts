import { createHmac } from 'node:crypto';
import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import {
  Actor,
  TypedEvent,
  ESCALATION_DELIVERY_STATE_LABELS,
  ESCALATION_SIGNATURE_HEADER,
  ESCALATION_TIMESTAMP_HEADER,
  EscalationDeliveryView,
  ListEscalationDeliveries,
  OfficeEvents,
  RetryEscalationDelivery,
  Role,
} from '@grid122/contracts';
import { isWithinScope } from '@grid122/access';
import { AppError, EventConsumers } from '@grid122/messaging';
import { EntityManager } from 'typeorm';
import { rowIso } from '@grid122/persistence';
import { EscalationEnv } from './escalation.env';
import { DeliveryRow, EscalationRepository } from './escalation.repository';

/** `sha256=<hex>` of HMAC-SHA256(secret, `${timestamp}.${body}`): the timestamp is signed so a replay can be refused. */
export function signEscalation(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

const LEASE_MS = 60_000;
const MAX_BACKOFF_MS = 3_600_000;

/**
 * The escalation webhook (上报区级): a durable consumer (`office-escalation`) turns each
 * `office.incident.escalated` event into a delivery row in the same transaction as its inbox entry;
 * a sender posts due rows, signed, and retries failures with exponential backoff until they are
 * delivered or dead-lettered after N attempts. Everything is visible in the deliveries list.
 */
@Injectable()
export class EscalationService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(EscalationService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly env: EscalationEnv,
    private readonly repo: EscalationRepository,
    private readonly consumers: EventConsumers,
  ) {}

  onModuleInit(): void {
    if (!this.env.ESCALATION_WEBHOOK_URL) return;
    this.consumers.consumer('office-escalation').on(OfficeEvents.IncidentEscalated, (_d, m, e) => this.enqueue(e, m));
    if (this.env.ESCALATION_POLL_MS > 0) {
      this.timer = setInterval(() => void this.sendDue().catch((e) => this.logger.warn(`webhook sender: ${(e as Error).message}`)), this.env.ESCALATION_POLL_MS);
      this.timer.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  private async enqueue(event: TypedEvent<typeof OfficeEvents.IncidentEscalated>, m: EntityManager): Promise<void> {
    const d = event.data;
    await this.repo.enqueue(m, {
      eventId: event.id,
      incidentId: d.incidentId,
      incidentCode: d.code,
      gridPath: d.gridPath,
      url: this.env.ESCALATION_WEBHOOK_URL!,
      payload: event,
    });
  }

  /** One pass of the sender (the timer calls it; tests may too). Returns how many were attempted. */
  sendDue(): Promise<number> {
    if (this.running) return this.running;
    this.running = (async () => {
      const rows = await this.repo.claimDue(20, LEASE_MS);
      await Promise.all(rows.map((r) => this.attempt(r)));
      return rows.length;
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  private async attempt(row: DeliveryRow): Promise<void> {
    const body = JSON.stringify(row.payload);
    const timestamp = String(Math.floor(Date.now() / 1000));
    let status: number | null = null;
    try {
      const res = await fetch(row.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [ESCALATION_SIGNATURE_HEADER]: signEscalation(this.env.ESCALATION_WEBHOOK_SECRET ?? '', timestamp, body),
          [ESCALATION_TIMESTAMP_HEADER]: timestamp,
          'X-Grid122-Event': OfficeEvents.IncidentEscalated,
          'X-Grid122-Delivery': row.id,
          // The receiver's dedup key: the same event is never a second escalation.
          'Idempotency-Key': row.event_id,
        },
        body,
        signal: AbortSignal.timeout(this.env.ESCALATION_WEBHOOK_TIMEOUT_MS),
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) {
        await this.repo.markDelivered(row.id, res.status);
        return;
      }
      throw new Error(`HTTP ${res.status}`);
    } catch (e) {
      const message = (e as Error).name === 'TimeoutError' ? `timed out after ${this.env.ESCALATION_WEBHOOK_TIMEOUT_MS} ms` : (e as Error).message;
      await this.repo.markFailed(row.id, status, message, this.env.ESCALATION_WEBHOOK_MAX_ATTEMPTS, (n) => this.backoff(n), row.attempts);
      if (row.attempts + 1 >= this.env.ESCALATION_WEBHOOK_MAX_ATTEMPTS) this.logger.error(`escalation ${row.incident_code} dead-lettered: ${message}`);
    }
  }

  /** base × 2^(attempt-1), ±20% jitter so a district outage does not end in a thundering herd. */
  backoff(attempt: number): number {
    const base = Math.min(this.env.ESCALATION_WEBHOOK_BACKOFF_MS * 2 ** (attempt - 1), MAX_BACKOFF_MS);
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }

  async list(actor: Actor, req: ListEscalationDeliveries.Request): Promise<ListEscalationDeliveries.Reply> {
    assertMayManage(actor);
    const [rows, counts] = await Promise.all([this.repo.list(actor.scope, req.state, req.limit ?? 50), this.repo.counts(actor.scope)]);
    return { items: rows.map(toView), counts };
  }

  async retry(actor: Actor, req: RetryEscalationDelivery.Request): Promise<RetryEscalationDelivery.Reply> {
    assertMayManage(actor);
    const row = await this.repo.get(req.id);
    if (!row || !isWithinScope(row.grid_path, actor.scope)) throw AppError.notFound('Escalation delivery', req.id);
    if (row.state !== 'dead') throw AppError.illegalTransition('escalation delivery', row.state, 'retry');
    await this.repo.requeue(row.id);
    return toView((await this.repo.get(row.id))!);
  }
}

function assertMayManage(actor: Actor): void {
  if (actor.role !== Role.Admin && actor.role !== Role.StreetCommander) throw AppError.forbidden('Only the admin and the street command centre see escalation deliveries');
}

function toView(r: DeliveryRow): EscalationDeliveryView {
  return {
    id: r.id,
    eventId: r.event_id,
    incidentId: r.incident_id,
    incidentCode: r.incident_code,
    gridPath: r.grid_path,
    url: r.url,
    state: r.state,
    stateLabel: ESCALATION_DELIVERY_STATE_LABELS[r.state],
    attempts: r.attempts,
    nextAttemptAt: r.state === 'pending' ? rowIso(r.next_attempt_at) : null,
    lastStatus: r.last_status,
    lastError: r.last_error,
    deliveredAt: rowIso(r.delivered_at),
    deadAt: rowIso(r.dead_at),
    createdAt: rowIso(r.created_at)!,
  };
}
