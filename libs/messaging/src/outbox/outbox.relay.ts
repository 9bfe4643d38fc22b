import { Logger } from '@nestjs/common';
import { DomainEvent, eventSubject } from '@grid122/contracts';
import { failSpan, injectTraceHeaders, Metrics, SpanKind, startSpan, traceparentHeaders, tracingEnabled } from '@grid122/observability';
import { headers as natsHeaders, JSONCodec, NatsConnection } from 'nats';
import { DataSource, EntitySubscriberInterface, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { outsideIdempotency } from '../idempotency/idempotency.store';
import { OUTBOX_WRITTEN, OutboxRow, OutboxWritten } from './outbox.writer';

const codec = JSONCodec<DomainEvent>();

/** How long an id the poll published is remembered, so a late hand-off of the same row is not published again. */
const POLLED_MEMORY_MS = 60_000;

/** Errors that say NATS or the stream is away (every row would fail alike), not that this row is bad. */
const OUTAGE_CODES = new Set(['TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_DRAINING', 'CONNECTION_REFUSED', 'DISCONNECT', 'RECONNECTING', '503', 'REQUEST_ERROR']);
export const isOutage = (e: unknown): boolean => OUTAGE_CODES.has(String((e as { code?: unknown })?.code ?? ''));

/** Delay before the next attempt of a row that failed on its own `attempts` times: 2 s, 4 s … at most 5 minutes. */
export const rowRetryDelayMs = (attempts: number): number => Math.min(1000 * 2 ** Math.max(attempts, 1), 300_000);

export interface OutboxRelayOptions {
  batchSize?: number;
  /** The poll for rows written by other processes. */
  pollMs?: number;
  /** Attempts of a row that fails on its own before it is parked. */
  maxAttempts?: number;
  /** Published outbox rows are kept this long (JetStream keeps the history). */
  outboxRetentionDays?: number;
  /**
   * Inbox rows are kept this long: well past the redelivery horizon (8 deliveries with backoff
   * ≈ 30 minutes; the JetStream duplicate window is 2 minutes), so no redelivery finds its row gone.
   */
  inboxRetentionDays?: number;
  /** How often the pruning runs (and the gauges are refreshed: every `measureMs`). */
  pruneEveryMs?: number;
  measureMs?: number;
}

export interface OutboxStatus {
  unpublished: number;
  parked: number;
  oldestUnpublishedSeconds: number;
}

/**
 * Moves committed outbox rows to JetStream. Safe with several replicas: each batch is claimed
 * with FOR UPDATE SKIP LOCKED, and the event id is the Nats-Msg-Id, so a crash between publish
 * and mark re-publishes a duplicate that JetStream drops (and consumers' inboxes ignore).
 *
 * The rows a transaction of this process wrote are handed to it when that transaction commits (a
 * TypeORM subscriber on the DataSource; OutboxWriter notes them on the query runner): published
 * from memory in commit order and marked in one UPDATE, with no transaction and no re-read of what
 * was just written (#27). The poll — every second, and at once after a failure — reads the outbox
 * for everything else: rows of other processes (another replica, a CLI seed), of a process that
 * died before publishing, of a hand-off that failed (it counts the attempts, backs off and parks),
 * of a transaction that rolled a savepoint back. Within the process a row is never published by
 * both: the poll leaves the rows in hand, and a hand-off drops a row the poll has published.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private readonly onCommit: EntitySubscriberInterface = {
    afterTransactionCommit: (e: TransactionCommitEvent) => {
      // Only the outermost COMMIT (a released savepoint broadcasts too).
      const written = e.queryRunner.data?.[OUTBOX_WRITTEN] as OutboxWritten | undefined;
      if (e.queryRunner.isTransactionActive || !written) return;
      e.queryRunner.data[OUTBOX_WRITTEN] = undefined;
      if (written.whole) this.handOff(written.rows);
      else this.kick();
    },
    afterTransactionRollback: (e: TransactionRollbackEvent) => {
      const written = e.queryRunner.data?.[OUTBOX_WRITTEN] as OutboxWritten | undefined;
      if (!written) return;
      // The whole transaction: nothing was written. A savepoint: some rows may be gone, the poll reads what is left.
      if (!e.queryRunner.isTransactionActive) e.queryRunner.data[OUTBOX_WRITTEN] = undefined;
      else written.whole = false;
    },
  };
  /** Committed rows of this process waiting to be published, in commit order. */
  private handed: OutboxRow[] = [];
  /** Ids handed and not yet marked: the poll leaves them. */
  private readonly inHand = new Set<string>();
  /** Ids the poll published lately (with when): a hand-off of one of them comes late and is dropped. */
  private readonly polled = new Map<string, number>();
  /** The next drain reads the outbox too (the timer, a start, a failure), not only what was handed. */
  private pollDue = true;
  private running = false;
  private again = false;
  private stopped = true;
  private backoffMs = 0;
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly maxAttempts: number;
  private readonly opts: Required<OutboxRelayOptions>;
  private maintenance: NodeJS.Timeout[] = [];

  constructor(
    private readonly ds: DataSource,
    private readonly nc: () => NatsConnection,
    private readonly schema: string,
    private readonly metrics?: Metrics,
    options: OutboxRelayOptions = {},
  ) {
    this.opts = {
      batchSize: 200,
      pollMs: 1000,
      maxAttempts: 10,
      outboxRetentionDays: 7,
      inboxRetentionDays: 30,
      pruneEveryMs: 3_600_000,
      measureMs: 5000,
      ...options,
    };
    this.batchSize = this.opts.batchSize;
    this.pollMs = this.opts.pollMs;
    this.maxAttempts = this.opts.maxAttempts;
  }

  async start(): Promise<void> {
    this.stopped = false;
    if (!this.ds.subscribers.includes(this.onCommit)) this.ds.subscribers.push(this.onCommit);
    this.timer = setInterval(() => this.kick(), this.pollMs);
    const quietly = (what: string, f: () => Promise<unknown>) => () =>
      void f().catch((e) => this.logger.warn(`outbox ${what} failed: ${(e as Error).message}`));
    this.maintenance = [
      setInterval(quietly('measure', () => this.measure()), this.opts.measureMs),
      setInterval(quietly('pruning', () => this.prune()), this.opts.pruneEveryMs),
      setTimeout(quietly('pruning', () => this.prune()), Math.min(60_000, this.opts.pruneEveryMs)),
    ];
    for (const t of this.maintenance) t.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const t of this.maintenance) clearTimeout(t);
    this.maintenance = [];
    const i = this.ds.subscribers.indexOf(this.onCommit);
    if (i >= 0) this.ds.subscribers.splice(i, 1);
    while (this.running) await new Promise((r) => setTimeout(r, 10));
  }

  /**
   * On shutdown: stops, then publishes what the outbox holds (the last requests' events), for at
   * most `withinMs` — with NATS away they stay for the next start or another replica.
   */
  async stopAndFlush(withinMs = 5000): Promise<void> {
    await this.stop();
    if (!this.ds.isInitialized) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.drain(), new Promise((r) => (timer = setTimeout(r, withinMs)))])
      .catch((e) => this.logger.warn(`outbox not flushed on shutdown (relayed at the next start): ${(e as Error).message}`))
      .finally(() => clearTimeout(timer));
  }

  /** Committed rows of this process: published by the next drain, without reading them back. */
  private handOff(rows: OutboxRow[]): void {
    if (this.stopped) return; // the next start's poll finds them
    for (const r of rows) {
      if (this.polled.has(r.id) || this.inHand.has(r.id)) continue;
      this.inHand.add(r.id);
      this.handed.push(r);
    }
    this.kick(false);
  }

  /** Runs a drain now, or right after the one in progress; `poll`: it reads the outbox too (the default). */
  kick(poll = true): void {
    if (poll) this.pollDue = true;
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    // Kicked after a request's commit, the relay is still no part of that request (its Idempotency-Key).
    void outsideIdempotency(() => this.drain(false))
      .catch((e) => {
        this.backoffMs = Math.min(Math.max(this.backoffMs * 2, 200), 5000);
        this.logger.warn(`outbox relay paused ${this.backoffMs} ms: ${(e as Error).message}`);
      })
      .finally(() => {
        this.running = false;
        if (this.again && !this.stopped) {
          this.again = false;
          setTimeout(() => this.kick(false), this.backoffMs);
        }
      });
  }

  /**
   * Publishes what was handed, then (`poll`, or when a poll is due) reads the outbox until nothing
   * is due; returns how many were published.
   */
  async drain(poll = true): Promise<number> {
    let total = await this.publishHanded();
    if (!poll && !this.pollDue) {
      this.backoffMs = 0;
      return total;
    }
    this.pollDue = false;
    for (;;) {
      const b = await this.publishBatch();
      total += b.published;
      // NATS or the stream is away: the attempts are counted; back off, order kept, nothing parked.
      if (b.outage) throw b.outage;
      // Rows left to the hand-off: it runs next (a full batch: the poll comes again after it).
      if (b.selected < this.batchSize || b.leftInHand) {
        if (b.leftInHand && b.selected >= this.batchSize) this.pollDue = true;
        break;
      }
    }
    this.backoffMs = 0;
    return total;
  }

  /**
   * The handed rows, in batches: published (pipelined, in commit order) and marked in one
   * statement of its own. A row that does not publish is left to the poll, which counts its
   * attempts, backs off and parks it as for any row; the row stays in hand until its mark is done,
   * so a poll in between cannot take it.
   */
  private async publishHanded(): Promise<number> {
    let total = 0;
    while (this.handed.length > 0) {
      const rows = this.handed.splice(0, this.batchSize);
      try {
        const results = await this.publish(rows);
        const published = rows.filter((_, i) => results[i].status === 'fulfilled');
        if (published.length < rows.length) {
          this.pollDue = true;
          this.metrics?.outboxFailures.inc(rows.length - published.length);
        }
        if (published.length > 0) {
          await this.ds.query(`UPDATE "${this.schema}"."outbox" SET published_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1::uuid[]) AND published_at IS NULL`, [
            published.map((r) => r.id),
          ]);
          for (const r of published) this.metrics?.eventsPublished.inc({ type: r.type });
          total += published.length;
        }
      } catch (e) {
        // Not marked (published or not): the poll publishes them again, JetStream drops a repeat by its id.
        this.pollDue = true;
        throw e;
      } finally {
        for (const r of rows) this.inHand.delete(r.id);
      }
    }
    return total;
  }

  /** Publishes rows pipelined on one connection (JetStream stores them in this order), each in the trace of the request that wrote it. */
  private publish(rows: OutboxRow[]): Promise<PromiseSettledResult<unknown>[]> {
    const js = this.nc().jetstream();
    // Each event goes out in the trace of the request that wrote it: a `publish` span under the
    // stored traceparent (tracing on), or that traceparent passed through as it is.
    const spans = rows.map((r) => (r.traceparent && tracingEnabled() ? startSpan(`publish ${r.type}`, { kind: SpanKind.PRODUCER, parent: traceparentHeaders(r.traceparent), attributes: { 'messaging.system': 'nats', 'messaging.destination.name': eventSubject(r.type), 'messaging.message.id': r.id } }) : undefined));
    return Promise.allSettled(
      rows.map((r, i) => {
        const h = natsHeaders();
        if (r.requestId) h.set('x-request-id', r.requestId);
        const span = spans[i];
        if (span) injectTraceHeaders((k, v) => h.set(k, v), span.ctx);
        else if (r.traceparent) h.set('traceparent', r.traceparent);
        return js.publish(eventSubject(r.type), r.data, { msgID: r.id, headers: h, timeout: 5000 });
      }),
    ).then((results) => {
      for (const [i, t] of spans.entries()) {
        if (!t) continue;
        const res = results[i];
        if (res.status === 'rejected') failSpan(t.span, res.reason);
        t.span.end();
      }
      return results;
    });
  }

  /**
   * One batch, each row on its own: the rows that publish are marked, a row that fails alone
   * (too large, a bad subject, refused by the stream) is retried with backoff and parked after
   * `maxAttempts` while the others flow. When NATS itself is away the batch is retried whole,
   * in order, and nothing is parked for it.
   */
  private async publishBatch(): Promise<{ selected: number; published: number; leftInHand?: boolean; outage?: Error }> {
    // Rows of one transaction share created_at (now() is the transaction's start): ordered by their
    // aggregate's seq next, so an incident's events leave in the order they were numbered and an
    // ordered consumer does not wait a backoff step for a predecessor still in the outbox.
    return this.ds.transaction(async (m) => {
      const selected: { id: string; event: DomainEvent; attempts: number; traceparent: string | null }[] = await m.query(
        `SELECT id, event, attempts, traceparent FROM "${this.schema}"."outbox"
         WHERE published_at IS NULL AND parked_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= now())
         ORDER BY created_at, (event->>'seq')::bigint NULLS FIRST, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      );
      if (selected.length === 0) return { selected: 0, published: 0 };
      // Rows handed to this relay by their commit are its hand-off's (published next, from memory).
      const rows = selected.filter((r) => !this.inHand.has(r.id));
      const now = Date.now();
      for (const [id, at] of this.polled) if (now - at > POLLED_MEMORY_MS) this.polled.delete(id);
      for (const r of rows) this.polled.set(r.id, now);
      const results = await this.publish(rows.map((r) => ({ id: r.id, type: r.event.type, requestId: r.event.requestId ?? null, traceparent: r.traceparent, data: codec.encode(r.event) })));
      const published = rows.filter((_, i) => results[i].status === 'fulfilled');
      if (published.length > 0) {
        await m.query(`UPDATE "${this.schema}"."outbox" SET published_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1::uuid[])`, [
          published.map((r) => r.id),
        ]);
        for (const r of published) this.metrics?.eventsPublished.inc({ type: r.event.type });
      }
      let outage: Error | undefined;
      for (const [i, r] of rows.entries()) {
        const res = results[i];
        if (res.status === 'fulfilled') continue;
        const error = res.reason as Error;
        const message = `${(error as { code?: string }).code ?? error.name}: ${error.message}`.slice(0, 2000);
        this.metrics?.outboxFailures.inc();
        if (isOutage(error)) {
          outage ??= error;
          await m.query(`UPDATE "${this.schema}"."outbox" SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [r.id, message]);
          continue;
        }
        const attempts = r.attempts + 1;
        const park = attempts >= this.maxAttempts;
        await m.query(
          `UPDATE "${this.schema}"."outbox" SET attempts = $2, last_error = $3,
             next_attempt_at = now() + make_interval(secs => $4), parked_at = CASE WHEN $5 THEN now() END
           WHERE id = $1`,
          [r.id, attempts, message, rowRetryDelayMs(attempts) / 1000, park],
        );
        if (park) this.logger.error(`outbox row ${r.id} (${r.event.type}) parked after ${attempts} attempts: ${message}`);
        else this.logger.warn(`outbox row ${r.id} (${r.event.type}) failed (attempt ${attempts} of ${this.maxAttempts}): ${message}`);
      }
      return { selected: selected.length, published: published.length, leftInHand: rows.length < selected.length, outage };
    });
  }

  /** Unpublished and parked rows and the age of the oldest waiting one (also set as gauges). */
  async measure(): Promise<OutboxStatus> {
    const [row] = await this.ds.query(
      `SELECT count(*) FILTER (WHERE parked_at IS NULL)::int AS unpublished,
              count(*) FILTER (WHERE parked_at IS NOT NULL)::int AS parked,
              coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE parked_at IS NULL)), 0)::float8 AS oldest
       FROM "${this.schema}"."outbox" WHERE published_at IS NULL`,
    );
    const status = { unpublished: row.unpublished, parked: row.parked, oldestUnpublishedSeconds: Math.max(0, Number(row.oldest)) };
    this.metrics?.outboxUnpublished.set(status.unpublished);
    this.metrics?.outboxParked.set(status.parked);
    this.metrics?.outboxOldestAge.set(status.oldestUnpublishedSeconds);
    return status;
  }

  /** Puts parked rows back in line (after the cause is fixed): `ids`, or every parked row. */
  async unpark(ids?: string[]): Promise<number> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [, affected] = await this.ds.query(
      `UPDATE "${this.schema}"."outbox" SET parked_at = NULL, next_attempt_at = NULL, attempts = 0
       WHERE parked_at IS NOT NULL AND ($1::uuid[] IS NULL OR id = ANY($1::uuid[]))`,
      [ids ?? null],
    );
    this.kick();
    return Number(affected ?? 0);
  }

  /**
   * Deletes published outbox rows past their retention (JetStream keeps the history) and inbox
   * rows past the redelivery horizon, a few thousand at a time so no lock is held for long.
   */
  async prune(): Promise<{ outbox: number; inbox: number }> {
    const batched = async (sql: string, days: number) => {
      let total = 0;
      for (;;) {
        const res = await this.ds.query(sql, [days]);
        const n = Array.isArray(res) ? (res[1] ?? 0) : 0;
        total += n;
        if (n < 5000) return total;
      }
    };
    const outbox = await batched(
      `DELETE FROM "${this.schema}"."outbox" WHERE id IN (
         SELECT id FROM "${this.schema}"."outbox" WHERE published_at < now() - make_interval(days => $1) LIMIT 5000)`,
      this.opts.outboxRetentionDays,
    );
    const inbox = await batched(
      `DELETE FROM "${this.schema}"."inbox" WHERE ctid IN (
         SELECT ctid FROM "${this.schema}"."inbox" WHERE handled_at < now() - make_interval(days => $1) LIMIT 5000)`,
      this.opts.inboxRetentionDays,
    );
    if (outbox + inbox > 0) this.logger.log(`pruned ${outbox} published outbox row(s) and ${inbox} inbox row(s)`);
    return { outbox, inbox };
  }
}
