/**
 * A parameterised statement's parameters and conditions (the SQL kit, #21 item 4): `q.p(value)`
 * adds a parameter and answers its `$n`; `q.and(condition)` adds a condition; `q.where()` is the
 * WHERE clause (empty without conditions); `q.under(column, path)` keeps an ltree column within a
 * subtree and `q.overlaps(column, path)` keeps it within or above one (both nothing for '' — the
 * root — and FALSE for null: a scope that meets nothing); `q.keysetDesc(…)` pages last first.
 */
export class SqlParams {
  readonly params: unknown[] = [];
  readonly conditions: string[] = [];

  p(value: unknown): string {
    return `$${this.params.push(value)}`;
  }

  and(condition: string | null | undefined | false): this {
    if (condition) this.conditions.push(condition);
    return this;
  }

  under(column: string, path: string | null): this {
    if (path === null) return this.and('FALSE');
    return path === '' ? this : this.and(`${column} <@ ${this.p(path)}::ltree`);
  }

  /**
   * The column's path inside the subtree or one of its ancestors: a row that serves a whole street
   * (a store, a team) is seen from a grid below it as from the district above it.
   */
  overlaps(column: string, path: string | null): this {
    if (path === null) return this.and('FALSE');
    if (path === '') return this;
    const p = this.p(path);
    return this.and(`(${column} <@ ${p}::ltree OR ${column} @> ${p}::ltree)`);
  }

  /**
   * Keyset paging last first over `keys` (each a column and the cast its cursor part is bound
   * with): after a cursor's parts `(columns) < (parts)`; answers the `ORDER BY … DESC LIMIT $n`
   * that follows where(), so call it before where().
   */
  keysetDesc(keys: readonly (readonly [column: string, cast: string])[], after: readonly unknown[] | null, limit: number): string {
    if (after) this.and(`(${keys.map(([c]) => c).join(', ')}) < (${keys.map(([, cast], i) => `${this.p(after[i])}::${cast}`).join(', ')})`);
    return `ORDER BY ${keys.map(([c]) => `${c} DESC`).join(', ')} LIMIT ${this.p(limit)}`;
  }

  /** The WHERE clause over the conditions, and `more` for this statement only. */
  where(...more: string[]): string {
    const all = [...this.conditions, ...more];
    return all.length ? `WHERE ${all.join(' AND ')}` : '';
  }
}
