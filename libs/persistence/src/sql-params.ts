/**
 * A parameterised statement's parameters and conditions (the SQL kit, #21 item 4): `q.p(value)`
 * adds a parameter and answers its `$n`; `q.and(condition)` adds a condition; `q.where()` is the
 * WHERE clause (empty without conditions); `q.under(column, path)` keeps an ltree column within a
 * subtree (nothing for '' — the root — and FALSE for null: a scope that meets nothing).
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

  where(): string {
    return this.conditions.length ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}
