import { Client } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import { TestEnv } from '@grid122/testing';
import { isRetryableTransactionError, transactionWithRetry } from '../src';

/** transactionWithRetry against a real Postgres: a real deadlock, broken by Postgres, and the work run again. */
describe('transactionWithRetry', () => {
  let env: TestEnv;
  let ds: DataSource;
  let other: Client;

  beforeAll(async () => {
    env = await TestEnv.start();
    ds = await new DataSource({ type: 'postgres', url: env.databaseUrl }).initialize();
    await ds.query(`CREATE TABLE retry_rows (id int PRIMARY KEY, v int NOT NULL)`);
    other = new Client({ connectionString: env.databaseUrl });
    await other.connect();
  }, 120_000);
  afterAll(async () => {
    await other?.end();
    await ds?.destroy();
    await env?.stop();
  });
  beforeEach(async () => {
    await ds.query(`TRUNCATE retry_rows`);
    await ds.query(`INSERT INTO retry_rows VALUES (1, 0), (2, 0)`);
  });

  it('runs the work again, whole, when Postgres aborts it to break a deadlock', async () => {
    // The other session locks row 1 and will want row 2; the work locks row 2 and then wants row 1.
    // The other session checks for deadlocks only after 10 s, so the work (1 s) is the one aborted.
    await other.query(`SET deadlock_timeout = '10s'`);
    await other.query('BEGIN');
    await other.query(`UPDATE retry_rows SET v = v + 1 WHERE id = 1`);
    let attempts = 0;
    let lockedTwo!: () => void;
    const tookRowTwo = new Promise<void>((r) => (lockedTwo = r));
    const work = transactionWithRetry(ds, async (m) => {
      attempts += 1;
      await m.query(`UPDATE retry_rows SET v = v + 10 WHERE id = 2`);
      if (attempts === 1) lockedTwo();
      await m.query(`UPDATE retry_rows SET v = v + 10 WHERE id = 1`);
      return attempts;
    });
    await tookRowTwo;
    const otherDone = other.query(`UPDATE retry_rows SET v = v + 1 WHERE id = 2`).then(() => other.query('COMMIT'));
    expect(await work).toBe(2);
    await otherDone;
    const { rows } = await other.query(`SELECT id, v FROM retry_rows ORDER BY id`);
    // The other session's +1 on each row, and exactly one +10 on each from the work: nothing of the aborted attempt.
    expect(rows).toEqual([{ id: 1, v: 11 }, { id: 2, v: 11 }]);
  });

  it('does not run again on any other error, and gives up after the last attempt', async () => {
    let attempts = 0;
    const duplicate = transactionWithRetry(ds, async (m) => {
      attempts += 1;
      await m.query(`INSERT INTO retry_rows VALUES (1, 0)`);
    });
    await expect(duplicate).rejects.toBeInstanceOf(QueryFailedError);
    expect(attempts).toBe(1);

    attempts = 0;
    const alwaysAborted = transactionWithRetry(
      ds,
      async (m) => {
        attempts += 1;
        await m.query(`DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; END $$`);
      },
      3,
    );
    const err = await alwaysAborted.catch((e: unknown) => e);
    expect(isRetryableTransactionError(err)).toBe(true);
    expect(attempts).toBe(3);
  });
});
