/** What a migration's query runner offers (TypeORM's QueryRunner has it). */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * Creates an index a migration adds unless a valid index of that name is already there. On a large
 * table (a city's 10M-row ledger) an operator builds it beforehand with `CREATE INDEX CONCURRENTLY`
 * (docs/operations.md, upgrading a large ledger), which writes on while it builds; a migration runs
 * in a transaction and cannot, so it would hold off every write for the build's minutes. An invalid
 * index of that name (a concurrent build that failed or was cancelled) is dropped and built again.
 * `definition` is what follows `ON "schema".`, e.g. `"incidents" ((grid_path::text COLLATE "C"))`.
 */
export async function createIndexUnlessBuilt(q: Queryable, schema: string, name: string, definition: string): Promise<void> {
  const found = (await q.query(
    `SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2`,
    [schema, name],
  )) as { valid: boolean }[];
  if (found[0]?.valid) return;
  if (found[0]) await q.query(`DROP INDEX "${schema}"."${name}"`);
  await q.query(`CREATE INDEX "${name}" ON "${schema}".${definition}`);
}
