import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only audit log (who, what, when, where, result); the table refuses UPDATE and DELETE. */
@Entity({ name: 'audit_log' })
export class AuditEntryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column('timestamptz', { default: () => 'now()' })
  at: Date;

  @Column('uuid', { name: 'actor_id', nullable: true })
  actorId: string | null;

  @Column('text', { name: 'actor_name', nullable: true })
  actorName: string | null;

  @Column('text')
  action: string;

  @Column('text', { nullable: true })
  target: string | null;

  @Column('text')
  result: 'ok' | 'denied' | 'failed';

  @Column('text', { nullable: true })
  ip: string | null;

  @Column('jsonb', { nullable: true })
  details: Record<string, unknown> | null;
}
