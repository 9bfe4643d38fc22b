import { randomUUID } from 'node:crypto';
import { DomainEvent } from '@grid122/contracts';
import { requestContext } from '@grid122/observability';
import { EntityManager } from 'typeorm';

export interface NewEvent<T> {
  type: string;
  data: T;
  gridPath?: string | null;
  actorId?: string | null;
  /** Set for events derived from another event, so replays stay deterministic. */
  id?: string;
  occurredAt?: Date;
}

export const outboxChannel = (schema: string) => `grid122_outbox_${schema}`;

/**
 * Records domain events in the caller's transaction. NOTIFY is transactional in Postgres, so the
 * relay wakes exactly when the transaction commits (and never for one that rolls back).
 */
export class OutboxWriter {
  constructor(
    private readonly source: string,
    private readonly schema: string,
  ) {}

  async add<T>(manager: EntityManager, ...events: NewEvent<T>[]): Promise<DomainEvent<T>[]> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('OutboxWriter.add must run inside the transaction of the state change');
    }
    const built = events.map((e) => this.build(e));
    // One statement for the batch, and the NOTIFY that wakes the relay when this commits.
    await manager.query(
      `WITH ins AS (
         INSERT INTO "${this.schema}"."outbox" (id, type, event)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[]) RETURNING 1
       ) SELECT pg_notify($4, '') FROM ins LIMIT 1`,
      [built.map((e) => e.id), built.map((e) => e.type), built.map((e) => JSON.stringify(e)), outboxChannel(this.schema)],
    );
    return built;
  }

  build<T>(e: NewEvent<T>): DomainEvent<T> {
    return {
      id: e.id ?? randomUUID(),
      type: e.type,
      source: this.source,
      occurredAt: (e.occurredAt ?? new Date()).toISOString(),
      gridPath: e.gridPath ?? null,
      actorId: e.actorId ?? requestContext.get()?.actorId ?? null,
      requestId: requestContext.requestId() ?? null,
      data: e.data,
    };
  }
}
