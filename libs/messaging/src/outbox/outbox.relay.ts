import { Logger } from '@nestjs/common';
import { DomainEvent, eventSubject } from '@grid122/contracts';
import { Metrics } from '@grid122/observability';
import { headers as natsHeaders, JSONCodec, NatsConnection } from 'nats';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { outboxChannel } from './outbox.writer';

const codec = JSONCodec<DomainEvent>();

/**
 * Moves committed outbox rows to JetStream. Safe with several replicas: each batch is claimed
 * with FOR UPDATE SKIP LOCKED, and the event id is the Nats-Msg-Id, so a crash between publish
 * and mark re-publishes a duplicate that JetStream drops (and consumers' inboxes ignore).
 * Wakes on the NOTIFY of a commit; polls every second as a fallback.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private listener?: Client;
  private timer?: NodeJS.Timeout;
  private running = false;
  private again = false;
  private stopped = true;
  private backoffMs = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly nc: () => NatsConnection,
    private readonly schema: string,
    private readonly databaseUrl: string,
    private readonly metrics?: Metrics,
    private readonly batchSize = 200,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.listen();
    this.timer = setInterval(() => this.kick(), 1000);
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    const l = this.listener;
    this.listener = undefined;
    await l?.end().catch(() => undefined);
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

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.databaseUrl, application_name: `outbox-relay-${this.schema}` });
    client.on('notification', () => this.kick());
    client.on('error', (e: Error) => {
      this.logger.warn(`outbox listener lost: ${e.message}; polling until it is back`);
      if (this.listener === client) this.listener = undefined;
      setTimeout(() => void this.listen().catch(() => undefined), 1000);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${outboxChannel(this.schema)}`);
      this.listener = client;
    } catch (e) {
      this.logger.warn(`outbox listener could not start: ${(e as Error).message}; retrying`);
      await client.end().catch(() => undefined);
      setTimeout(() => void this.listen().catch(() => undefined), 1000);
    }
  }
}
