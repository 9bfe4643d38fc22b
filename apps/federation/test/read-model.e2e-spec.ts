import { DataSource } from 'typeorm';
import { TestEnv } from '@grid122/testing';
import { dataSourceOptions } from '../src/database/data-source';
import { FederationRepository } from '../src/federation/federation.repository';

jest.setTimeout(120_000);

/**
 * The federation service's own schema, against real Postgres: the takeover from the gateway (the
 * tasks it handed down before the service existed are copied once) and the read model's inbox
 * (an event applied twice is filed once).
 */
describe('federation read model (schema federation)', () => {
  let env: TestEnv;
  let ds: DataSource;

  beforeAll(async () => {
    env = await TestEnv.start();
    // The gateway's table as its migration FederationReadModel1795600000130 left it, with one task.
    const pre = await new DataSource({ type: 'postgres', url: env.databaseUrl }).initialize();
    await pre.query(`CREATE SCHEMA IF NOT EXISTS gateway`);
    await pre.query(`CREATE TABLE gateway.federation_tasks (id uuid PRIMARY KEY, street text NOT NULL, reference text NOT NULL, channel text NOT NULL, title text NOT NULL,
      key_area text NOT NULL, category text NOT NULL, grid_path ltree NOT NULL, body_hash text NOT NULL, message jsonb NOT NULL, issued_by uuid NOT NULL,
      issued_at timestamptz NOT NULL DEFAULT now(), CONSTRAINT federation_tasks_reference_uq UNIQUE (street, reference))`);
    await pre.query(
      `INSERT INTO gateway.federation_tasks (id, street, reference, channel, title, key_area, category, grid_path, body_hash, message, issued_by)
       VALUES ('7d9e1c2b-3a4f-4b5c-8d6e-1f2a3b4c5d6e', 'btq', '12345-0001', 'hotline_12345', '噪音扰民', 'grassroots_organisation', 'noise', 'nj.gulou.btq', 'h', '{"dueAt": null}', '8e0f2d3c-4b5a-4c6d-9e7f-2a3b4c5d6e7f')`,
    );
    await pre.destroy();
    await env.migrate(dataSourceOptions());
    ds = await new DataSource(dataSourceOptions()).initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await env?.stop();
  });

  it('takes over the tasks the gateway handed down before, once', async () => {
    const rows = await new FederationRepository(ds).tasks('', { limit: 10 });
    expect(rows.map((r) => [r.id, r.street, r.reference])).toEqual([['7d9e1c2b-3a4f-4b5c-8d6e-1f2a3b4c5d6e', 'btq', '12345-0001']]);
  });

  it('files an event once, however often it is delivered', async () => {
    const repo = new FederationRepository(ds);
    const claims = [];
    for (let i = 0; i < 3; i++) claims.push(await repo.transaction((m) => repo.claim(m, 'federation-read-model', '9f1a2b3c-4d5e-4f6a-8b7c-3d4e5f6a7b8c')));
    expect(claims).toEqual([true, false, false]);
  });
});
