/**
 * "At or below `path`" (`column <@ path`) in a form a B-tree serves (issue 27 item 4;
 * docs/performance.md section 16): the `<@` itself, which decides, and beside it the subtree as a
 * range of the path's text in byte order, which the expression index
 * `((column::text COLLATE "C"))` serves (a B-tree on text deduplicates; one on ltree cannot):
 *
 *     column <@ $n::ltree AND column::text COLLATE "C" >= $n::ltree::text
 *                         AND column::text COLLATE "C" <  $n::ltree::text || '0'
 *
 * Every path at or below P is P or P.… and '.' (0x2E) sorts below '0' (0x30), so the range holds
 * every row `<@` keeps, whatever a label may contain: the range never decides, the `<@` does. The
 * range holds nothing else on PostgreSQL 15, where a label byte is [0-9A-Za-z_] or ≥ 0x80 (never
 * below '0'), so no row is read in vain; PostgreSQL 16 allows '-' (0x2D): a sibling `g1-x` would be
 * read and dropped by the `<@`. `p` adds the path as a parameter and answers its `$n` (called
 * once). 'TRUE' for the root (''), as `<@ ''` keeps every path.
 */
export function subtreeRange(column: string, path: string, p: (value: unknown) => string): string {
  if (path === '') return 'TRUE';
  const at = p(path);
  const text = `(${column}::text COLLATE "C")`;
  return `(${column} <@ ${at}::ltree AND ${text} >= ${at}::ltree::text AND ${text} < ${at}::ltree::text || '0')`;
}

/**
 * "Inside the subtree at `path` or above it" (`column <@ path OR column @> path`): a row that serves
 * a whole street (a store, a team, an operation) is seen from a grid below it as from the district
 * above it. For a condition inside a subquery, where SqlParams.overlaps cannot add it; `p` adds the
 * path as a parameter and answers its `$n` (called once). 'TRUE' for the root (''): every path
 * overlaps it.
 */
export function pathOverlap(column: string, path: string, p: (value: unknown) => string): string {
  if (path === '') return 'TRUE';
  const at = p(path);
  return `(${column} <@ ${at}::ltree OR ${column} @> ${at}::ltree)`;
}

/**
 * A parameterised statement's parameters and conditions (the SQL kit, #21 item 4): `q.p(value)`
 * adds a parameter and answers its `$n`; `q.and(condition)` adds a condition; `q.where()` is the
 * WHERE clause (empty without conditions); `q.under(column, path)` keeps an ltree column within a
 * subtree with `<@` (a GiST on the column; subtreeRange where the B-tree on the path's text serves
 * it) and `q.overlaps(column, path)` keeps it within or above one (both nothing for '' — the root —
 * and FALSE for null: a scope that meets nothing); `q.keysetDesc(…)` pages last first and
 * `q.page(limit, offset)` by offset.
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
    return path === '' ? this : this.and(pathOverlap(column, path, (v) => this.p(v)));
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

  /**
   * An offset page, `LIMIT $n OFFSET $m` with both bound after the conditions' parameters: answers
   * the clause and the parameters of the statement that ends with it, and leaves `params` as they
   * are for the count over the same where() (which binds no page). Call it once the statement's
   * other parameters are added.
   */
  page(limit: number, offset: number): [clause: string, params: unknown[]] {
    const params = [...this.params, limit, offset];
    return [`LIMIT $${params.length - 1} OFFSET $${params.length}`, params];
  }

  /**
   * The SET list of an UPDATE from a patch: `"column" = $n` for each key of `patch`, in its order,
   * the value a parameter (cast `::casts[column]` where given, e.g. `{ mediators: 'jsonb' }`). The
   * keys are the repository's column names, never a caller's text.
   */
  sets(patch: Readonly<Record<string, unknown>>, casts: Readonly<Record<string, string>> = {}): string {
    return Object.entries(patch)
      .map(([column, value]) => `"${column}" = ${this.p(value)}${casts[column] ? `::${casts[column]}` : ''}`)
      .join(', ');
  }

  /** The WHERE clause over the conditions, and `more` for this statement only. */
  where(...more: string[]): string {
    const all = [...this.conditions, ...more];
    return all.length ? `WHERE ${all.join(' AND ')}` : '';
  }
}
