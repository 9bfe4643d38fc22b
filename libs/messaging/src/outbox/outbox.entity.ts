import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { DomainEvent } from '@grid122/contracts';

/**
 * The transactional outbox (one per service schema): a domain event is inserted in the same
 * transaction as the state change it describes, then relayed to JetStream.
 */
@Entity({ name: 'outbox' })
@Index('outbox_unpublished_idx', ['createdAt'], { where: 'published_at IS NULL' })
export class OutboxMessageEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  type: string;

  @Column('jsonb')
  event: DomainEvent;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt: Date | null;

  /** Publish attempts, successful or not. */
  @Column('int', { default: 0 })
  attempts: number;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  /** A row that failed on its own waits until then (backoff). */
  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt: Date | null;

  /** W3C `traceparent` of the request that wrote the event (tracing on), published as the message's header. */
  @Column('text', { nullable: true })
  traceparent: string | null;

  /** Set after the last attempt: the row waits for an operator (docs/operations.md). */
  @Column('timestamptz', { name: 'parked_at', nullable: true })
  parkedAt: Date | null;
}
