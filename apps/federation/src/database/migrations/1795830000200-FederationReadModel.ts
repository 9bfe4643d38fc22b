import { MigrationInterface, QueryRunner } from 'typeorm';
import { createIdempotencyRequests, dropIdempotencyRequests } from '@grid122/messaging';

/**
 * The district's read model of its streets (区级平台), built from the sourced stream DISTRICT_EVENTS:
 * one row per street incident (its latest state, for the figures and the ranking), the
 * escalations (上报区级) with what the district needs to act, the tasks it handed down (下派), and
 * the consumer's inbox (so a redelivered event changes nothing).
 */
export class FederationReadModel1795830000200 implements MigrationInterface {
  name = 'FederationReadModel1795830000200';

  async up(q: QueryRunner): Promise<void> {
    // Idempotency-Key of every command (libs/messaging idempotency.store.ts), as in every service.
    await createIdempotencyRequests(q, 'federation');
    await q.query(`
      CREATE TABLE federation.inbox (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
    await q.query(`
      CREATE TABLE federation.incidents (
        incident_id uuid PRIMARY KEY,
        street text NOT NULL,
        grid_path ltree NOT NULL,
        code text NOT NULL,
        key_area text NOT NULL,
        month date NOT NULL,
        state text NOT NULL,
        source text NOT NULL,
        source_ref text,
        found boolean NOT NULL,
        solved boolean NOT NULL DEFAULT false,
        closed boolean NOT NULL DEFAULT false,
        escalated boolean NOT NULL DEFAULT false,
        reported_at timestamptz NOT NULL,
        last_event_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Figures and ranking: one month, grouped by street then key area.
    await q.query(`CREATE INDEX incidents_month_idx ON federation.incidents (month, street, key_area)`);
    await q.query(`CREATE INDEX incidents_grid_path_gist ON federation.incidents USING gist (grid_path)`);
    // A handed-down task's incident, found by the district's reference.
    await q.query(`CREATE INDEX incidents_task_idx ON federation.incidents (street, source_ref) WHERE source = 'district_platform'`);
    await q.query(`
      CREATE TABLE federation.escalations (
        event_id uuid PRIMARY KEY,
        incident_id uuid NOT NULL,
        street text NOT NULL,
        code text NOT NULL,
        title text NOT NULL,
        key_area text NOT NULL,
        category text NOT NULL,
        grid_path ltree NOT NULL,
        reason text NOT NULL,
        description text NOT NULL,
        address text,
        location jsonb,
        history jsonb NOT NULL DEFAULT '[]',
        escalated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX escalations_at_idx ON federation.escalations (escalated_at DESC)`);
    await q.query(`CREATE INDEX escalations_grid_path_gist ON federation.escalations USING gist (grid_path)`);
    await q.query(`
      CREATE TABLE federation.tasks (
        id uuid PRIMARY KEY,
        street text NOT NULL,
        reference text NOT NULL,
        channel text NOT NULL,
        title text NOT NULL,
        key_area text NOT NULL,
        category text NOT NULL,
        grid_path ltree NOT NULL,
        body_hash text NOT NULL,
        message jsonb NOT NULL,
        issued_by uuid NOT NULL,
        issued_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT tasks_reference_uq UNIQUE (street, reference)
      )`);
    await q.query(`CREATE INDEX tasks_issued_idx ON federation.tasks (issued_at DESC)`);
    await q.query(`CREATE INDEX tasks_grid_path_gist ON federation.tasks USING gist (grid_path)`);
      // Taking over from the gateway, which held this read model before (its migration
    // FederationReadModel1795600000130): the tasks handed down are copied once (they are not in
    // the event stream); escalations and figures are rebuilt by the new durable consumer, which
    // reads DISTRICT_EVENTS from its start. The gateway's old tables are left for an operator to drop.
    await q.query(`
      DO $$ BEGIN
        IF to_regclass('gateway.federation_tasks') IS NOT NULL THEN
          INSERT INTO federation.tasks (id, street, reference, channel, title, key_area, category, grid_path, body_hash, message, issued_by, issued_at)
          SELECT id, street, reference, channel, title, key_area, category, grid_path, body_hash, message, issued_by, issued_at FROM gateway.federation_tasks
          ON CONFLICT DO NOTHING;
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE federation.tasks`);
    await q.query(`DROP TABLE federation.escalations`);
    await q.query(`DROP TABLE federation.incidents`);
    await q.query(`DROP TABLE federation.inbox`);
    await dropIdempotencyRequests(q, 'federation');
  }
}
