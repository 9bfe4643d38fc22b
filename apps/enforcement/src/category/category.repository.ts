import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface CategoryRow {
  code: string;
  label_zh: string;
  label_en: string;
  key_area: string;
  comply_days: number;
  departments: { code: string; name: string; departmentId: string | null }[];
}

@Injectable()
export class CategoryRepository {
  constructor(private readonly ds: DataSource) {}

  async all(code?: string): Promise<CategoryRow[]> {
    return this.ds.query(
      `SELECT c.code, c.label_zh, c.label_en, c.key_area, c.comply_days,
         COALESCE((SELECT jsonb_agg(jsonb_build_object('code', d.department_code, 'name', d.department_name, 'departmentId', d.department_id) ORDER BY d.sort, d.department_code)
                   FROM enforcement.competent_departments d WHERE d.category = c.code), '[]'::jsonb) AS departments
       FROM enforcement.categories c ${code ? 'WHERE c.code = $1' : ''} ORDER BY c.sort`,
      code ? [code] : [],
    );
  }

  async setComplyDays(m: EntityManager, code: string, days: number): Promise<void> {
    await m.query(`UPDATE enforcement.categories SET comply_days = $2 WHERE code = $1`, [code, days]);
  }

  async replaceDepartments(m: EntityManager, code: string, deps: { code: string; name: string; departmentId?: string }[]): Promise<void> {
    await m.query(`DELETE FROM enforcement.competent_departments WHERE category = $1`, [code]);
    for (const [i, d] of deps.entries()) {
      await m.query(
        `INSERT INTO enforcement.competent_departments (category, department_code, department_name, department_id, sort) VALUES ($1,$2,$3,$4,$5)
         ON CONFLICT (category, department_code) DO UPDATE SET department_name = EXCLUDED.department_name, department_id = EXCLUDED.department_id`,
        [code, d.code, d.name, d.departmentId ?? null, i],
      );
    }
  }
}
