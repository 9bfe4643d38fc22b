import { createIndexUnlessBuilt, Queryable } from './index-ddl';

describe(createIndexUnlessBuilt.name, () => {
  /** A query runner that answers the catalogue's lookup with `found` and records every other statement. */
  const runner = (found: { valid: boolean }[]) => {
    const statements: string[] = [];
    const q: Queryable = {
      query: async (sql: string) => {
        if (sql.includes('pg_index')) return found;
        statements.push(sql);
        return [];
      },
    };
    return { q, statements };
  };
  const build = (q: Queryable) => createIndexUnlessBuilt(q, 'office', 'incidents_grid_path_text_idx', `"incidents" ((grid_path::text COLLATE "C"))`);

  it('builds the index when there is none', async () => {
    const sut = runner([]);
    await build(sut.q);
    expect(sut.statements).toEqual([`CREATE INDEX "incidents_grid_path_text_idx" ON "office"."incidents" ((grid_path::text COLLATE "C"))`]);
  });

  it('keeps a valid index an operator built beforehand (CONCURRENTLY)', async () => {
    const sut = runner([{ valid: true }]);
    await build(sut.q);
    expect(sut.statements).toEqual([]);
  });

  it('drops and builds again an invalid one (a concurrent build that failed)', async () => {
    const sut = runner([{ valid: false }]);
    await build(sut.q);
    expect(sut.statements).toEqual([
      `DROP INDEX "office"."incidents_grid_path_text_idx"`,
      `CREATE INDEX "incidents_grid_path_text_idx" ON "office"."incidents" ((grid_path::text COLLATE "C"))`,
    ]);
  });
});
