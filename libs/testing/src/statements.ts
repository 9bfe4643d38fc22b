import { DataSource } from 'typeorm';

/**
 * The statements each query runner of `ds` (each transaction: BEGIN and COMMIT included) sends
 * while `fn` runs, in the runners' order: a measuring aid for tests (e.g. a consumer's batch
 * costs as many statements whatever its size), wrapping the data source's runners meanwhile.
 */
export async function statementsPerRunner(ds: DataSource, fn: () => Promise<unknown>): Promise<number[]> {
  const counts: number[] = [];
  const create = ds.createQueryRunner.bind(ds);
  ds.createQueryRunner = (...args) => {
    const runner = create(...args);
    const query = runner.query.bind(runner);
    const i = counts.push(0) - 1;
    runner.query = ((...q: Parameters<typeof query>) => {
      counts[i] += 1;
      return query(...q);
    }) as typeof runner.query;
    return runner;
  };
  try {
    await fn();
  } finally {
    ds.createQueryRunner = create;
  }
  return counts;
}
