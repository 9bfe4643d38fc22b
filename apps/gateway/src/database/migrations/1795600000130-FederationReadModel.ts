import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * History: the federation service (apps/federation) holds this read model now (its own schema,
 * copying the tasks once); these tables stay until an operator drops them.
 *
 * The district's read model of its streets (区级平台), built from the sourced stream DISTRICT_EVENTS:
 * one row per street incident (its latest state, for the figures and the ranking), the
 * escalations (上报区级) with what the district needs to act, the tasks it handed down (下派), and
 * the consumer's inbox (so a redelivered event changes nothing).
 */
export class FederationReadModel1795600000130 implements MigrationInterface {
  name = 'FederationReadModel1795600000130';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gateway.federation_inbox (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
    await q.query(`
      CREATE TABLE gateway.federation_incidents (
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
    await q.query(`CREATE INDEX federation_incidents_month_idx ON gateway.federation_incidents (month, street, key_area)`);
    await q.query(`CREATE INDEX federation_incidents_grid_path_gist ON gateway.federation_incidents USING gist (grid_path)`);
    // A handed-down task's incident, found by the district's reference.
    await q.query(`CREATE INDEX federation_incidents_task_idx ON gateway.federation_incidents (street, source_ref) WHERE source = 'district_platform'`);
    await q.query(`
      CREATE TABLE gateway.federation_escalations (
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
    await q.query(`CREATE INDEX federation_escalations_at_idx ON gateway.federation_escalations (escalated_at DESC)`);
    await q.query(`CREATE INDEX federation_escalations_grid_path_gist ON gateway.federation_escalations USING gist (grid_path)`);
    await q.query(`
      CREATE TABLE gateway.federation_tasks (
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
        CONSTRAINT federation_tasks_reference_uq UNIQUE (street, reference)
      )`);
    await q.query(`CREATE INDEX federation_tasks_issued_idx ON gateway.federation_tasks (issued_at DESC)`);
    await q.query(`CREATE INDEX federation_tasks_grid_path_gist ON gateway.federation_tasks USING gist (grid_path)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE gateway.federation_tasks`);
    await q.query(`DROP TABLE gateway.federation_escalations`);
    await q.query(`DROP TABLE gateway.federation_incidents`);
    await q.query(`DROP TABLE gateway.federation_inbox`);
  }
}
