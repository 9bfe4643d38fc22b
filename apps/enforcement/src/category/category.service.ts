import { Injectable } from '@nestjs/common';
import { Actor, EnforcementCategory, EnforcementCategoryView, EnforcementErrorCode, KeyArea, ListEnforcementCategories, Role, UpdateEnforcementCategory } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { DataSource } from 'typeorm';
import { assertRead } from '../shared/access';
import { CategoryRepository, CategoryRow } from './category.repository';

const toView = (r: CategoryRow): EnforcementCategoryView => ({
  code: r.code as EnforcementCategory,
  label: { zh: r.label_zh, en: r.label_en },
  keyArea: r.key_area as KeyArea,
  complyDays: r.comply_days,
  departments: r.departments,
});

/** The 13 target categories and the departments legally competent for each (a configurable table). */
@Injectable()
export class CategoryService {
  constructor(
    private readonly ds: DataSource,
    private readonly categories: CategoryRepository,
  ) {}

  async list(actor: Actor, _req: ListEnforcementCategories.Request): Promise<ListEnforcementCategories.Reply> {
    assertRead(actor);
    return { items: (await this.categories.all()).map(toView) };
  }

  /** The competence table is the street's configuration: admins and the street command change it. */
  async update(actor: Actor, req: UpdateEnforcementCategory.Request): Promise<EnforcementCategoryView> {
    if (actor.role !== Role.Admin && actor.role !== Role.StreetCommander) throw AppError.forbidden('Only an admin or the street command may change the competence table');
    if ((await this.categories.all(req.code)).length === 0) throw new AppError(EnforcementErrorCode.UnknownCategory, `Unknown category ${req.code}`, { field: 'code' });
    await this.ds.transaction(async (m) => {
      if (req.complyDays !== undefined) await this.categories.setComplyDays(m, req.code, req.complyDays);
      if (req.departments) await this.categories.replaceDepartments(m, req.code, req.departments);
    });
    return toView((await this.categories.all(req.code))[0]);
  }
}
