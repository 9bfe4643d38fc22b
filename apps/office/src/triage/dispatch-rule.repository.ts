import { Injectable } from '@nestjs/common';
import { Unit } from '@grid122/contracts';
import { DataSource } from 'typeorm';

export interface DispatchRuleRow {
  category: string;
  unit: Unit | null;
  department_codes: string[];
  edited: boolean;
  updated_at: Date;
  updated_by: string | null;
}

/** office.dispatch_rules: one rule per category (派遣建议). */
@Injectable()
export class DispatchRuleRepository {
  constructor(private readonly ds: DataSource) {}

  all(): Promise<DispatchRuleRow[]> {
    return this.ds.query(`SELECT category, unit, department_codes, edited, updated_at, updated_by FROM office.dispatch_rules`);
  }

  async get(category: string): Promise<DispatchRuleRow | undefined> {
    const rows: DispatchRuleRow[] = await this.ds.query(
      `SELECT category, unit, department_codes, edited, updated_at, updated_by FROM office.dispatch_rules WHERE category = $1`,
      [category],
    );
    return rows[0];
  }

  async set(category: string, unit: Unit | null, departmentCodes: string[], by: string): Promise<DispatchRuleRow> {
    const rows: DispatchRuleRow[] = await this.ds.query(
      `INSERT INTO office.dispatch_rules (category, unit, department_codes, edited, updated_at, updated_by) VALUES ($1, $2, $3, true, now(), $4)
       ON CONFLICT (category) DO UPDATE SET unit = EXCLUDED.unit, department_codes = EXCLUDED.department_codes, edited = true, updated_at = now(), updated_by = EXCLUDED.updated_by
       RETURNING category, unit, department_codes, edited, updated_at, updated_by`,
      [category, unit, departmentCodes, by],
    );
    return rows[0];
  }
}
