import { DataSource } from 'typeorm';
import { TestEnv } from '@grid122/testing';
import { serviceDataSourceOptions } from '../src';

/** The services' pools against a real Postgres: statement and idle-in-transaction timeouts hold. */
describe('service pool timeouts', () => {
  let env: TestEnv;
  let ds: DataSource;

  beforeAll(async () => {
    env = await TestEnv.start();
    const options = serviceDataSourceOptions({
      app: 'appraisal',
      url: env.databaseUrl,
      entities: [],
      migrations: [],
      outbox: false,
      pool: { DB_POOL_SIZE: 3, DB_STATEMENT_TIMEOUT_MS: 1000, DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: 1000, DB_CONNECT_TIMEOUT_MS: 2000 },
    });
    ds = await new DataSource(options).initialize();
  }, 120_000);
  afterAll(async () => {
    await ds?.destroy();
    await env?.stop();
  });

  it('sets the timeouts on every connection and cancels a statement that runs too long', async () => {
    expect(await ds.query(`SHOW statement_timeout`)).toEqual([{ statement_timeout: '1s' }]);
    expect(await ds.query(`SHOW idle_in_transaction_session_timeout`)).toEqual([{ idle_in_transaction_session_timeout: '1s' }]);
    await expect(ds.query(`SELECT pg_sleep(3)`)).rejects.toThrow(/statement timeout/);
  });

  it('ends a transaction left idle, releasing its connection', async () => {
    const runner = ds.createQueryRunner();
    await runner.startTransaction();
    await runner.query('SELECT 1');
    await new Promise((r) => setTimeout(r, 1500)); // left idle inside the transaction past its limit
    await expect(runner.query('SELECT 1')).rejects.toThrow();
    await runner.release().catch(() => undefined);
    expect(await ds.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });
});
