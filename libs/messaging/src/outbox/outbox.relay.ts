import { Logger } from '@nestjs/common';
import { DomainEvent, eventSubject } from '@grid122/contracts';
import { Metrics } from '@grid122/observability';
import { headers as natsHeaders, JSONCodec, NatsConnection } from 'nats';
import { DataSource, EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { OUTBOX_WRITTEN } from './outbox.writer';

const codec = JSONCodec<DomainEvent>();

/**
 * Moves committed outbox rows to JetStream. Safe with several replicas: each batch is claimed
 * with FOR UPDATE SKIP LOCKED, and the event id is the Nats-Msg-Id, so a crash between publish
 * and mark re-publishes a duplicate that JetStream drops (and consumers' inboxes ignore).
 * Wakes right after a transaction of this process that wrote outbox rows commits (a TypeORM
 * subscriber on the DataSource); polls every second for rows written elsewhere (another replica,
 * a CLI seed) and after a failure.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private readonly onCommit: EntitySubscriberInterface = {
    afterTransactionCommit: (e: TransactionCommitEvent) => {
      // Only the outermost COMMIT (a released savepoint broadcasts too).
      if (e.queryRunner.isTransactionActive || !e.queryRunner.data?.[OUTBOX_WRITTEN]) return;
      e.queryRunner.data[OUTBOX_WRITTEN] = false;
      this.kick();
    },
    afterTransactionRollback: (e: TransactionRollbackEvent) => {
      if (!e.queryRunner.isTransactionActive && e.queryRunner.data?.[OUTBOX_WRITTEN]) e.queryRunner.data[OUTBOX_WRITTEN] = false;
    },
  };
  private running = false;
  private again = false;
  private stopped = true;
  private backoffMs = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly nc: () => NatsConnection,
    private readonly schema: string,
    private readonly metrics?: Metrics,
    private readonly batchSize = 200,
    /** The poll for rows written by other processes. */
    private readonly pollMs = 1000,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    if (!this.ds.subscribers.includes(this.onCommit)) this.ds.subscribers.push(this.onCommit);
    this.timer = setInterval(() => this.kick(), this.pollMs);
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    const i = this.ds.subscribers.indexOf(this.onCommit);
    if (i >= 0) this.ds.subscribers.splice(i, 1);
    while (this.running) await new Promise((r) => setTimeout(r, 10));
  }

  /** Runs a drain now, or right after the one in progress. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.drain()
      .catch((e) => {
        this.backoffMs = Math.min(Math.max(this.backoffMs * 2, 200), 5000);
        this.logger.warn(`outbox relay paused ${this.backoffMs} ms: ${(e as Error).message}`);
      })
      .finally(() => {
        this.running = false;
        if (this.again && !this.stopped) {
          this.again = false;
          setTimeout(() => this.kick(), this.backoffMs);
        }
      });
  }

  /** Publishes until nothing is pending; returns how many were published. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.publishBatch();
      total += n;
      if (n < this.batchSize) break;
    }
    this.backoffMs = 0;
    return total;
  }

  private async publishBatch(): Promise<number> {
    return this.ds.transaction(async (m) => {
      const rows: { id: string; event: DomainEvent }[] = await m.query(
        `SELECT id, event FROM "${this.schema}"."outbox" WHERE published_at IS NULL
         ORDER BY created_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      );
      if (rows.length === 0) return 0;
      const js = this.nc().jetstream();
      // Publishes are pipelined on one connection, so JetStream stores them in this order.
      await Promise.all(
        rows.map((r) => {
          const h = natsHeaders();
          if (r.event.requestId) h.set('x-request-id', r.event.requestId);
          return js.publish(eventSubject(r.event.type), codec.encode(r.event), { msgID: r.id, headers: h, timeout: 5000 });
        }),
      );
      await m.query(`UPDATE "${this.schema}"."outbox" SET published_at = now(), attempts = attempts + 1 WHERE id = ANY($1::uuid[])`, [
        rows.map((r) => r.id),
      ]);
      for (const r of rows) this.metrics?.eventsPublished.inc({ type: r.event.type });
      return rows.length;
    });
  }

  /** Deletes published rows older than the retention (JetStream keeps the history). */
  async prune(olderThanDays = 7): Promise<void> {
    await this.ds.query(`DELETE FROM "${this.schema}"."outbox" WHERE published_at < now() - make_interval(days => $1)`, [olderThanDays]);
  }
}
