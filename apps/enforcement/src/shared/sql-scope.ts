/** Builds WHERE fragments with positional parameters, so every query states its scope the same way. */
export class Where {
  readonly parts: string[] = [];
  readonly params: unknown[] = [];

  add(sqlWithQ: string, ...values: unknown[]): this {
    let sql = sqlWithQ;
    for (const v of values) {
      this.params.push(v);
      sql = sql.replace('?', `$${this.params.length}`);
    }
    this.parts.push(sql);
    return this;
  }

  /** `col <@ scope` when the scope is not the whole system. */
  scope(col: string, scope: string): this {
    return scope ? this.add(`${col} <@ ?::ltree`, scope) : this;
  }

  param(v: unknown): string {
    this.params.push(v);
    return `$${this.params.length}`;
  }

  get sql(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}

/** Case visibility: the grid subtree, and for a liaison the categories their department is competent for. */
export function caseVisibility(w: Where, alias: string, scope: string, liaisonDepartment: string | null): Where {
  w.scope(`${alias}.grid_path`, scope);
  if (liaisonDepartment) {
    w.add(`${alias}.category IN (SELECT cd.category FROM enforcement.competent_departments cd WHERE cd.department_id = ?::uuid)`, liaisonDepartment);
  }
  return w;
}
