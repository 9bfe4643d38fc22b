import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Ids of the events a durable consumer has handled: a redelivered event has no second effect. */
@Entity({ name: 'inbox' })
export class InboxEntryEntity {
  @PrimaryColumn('text')
  consumer: string;

  @PrimaryColumn('uuid', { name: 'event_id' })
  eventId: string;

  @Column('timestamptz', { name: 'handled_at', default: () => 'now()' })
  handledAt: Date;
}
