import { Injectable } from '@nestjs/common';
import {
  Actor,
  CreateDepartment,
  DepartmentView,
  GridDepartments,
  GridLevel,
  KeyArea,
  LinkDepartment,
  ListDepartments,
  RegistryErrorCode,
  RegistryEvents,
  StaffRole,
  UnlinkDepartment,
} from '@grid122/contracts';
import { AppError, OutboxWriter } from '@grid122/messaging';
import { narrowScope } from '@grid122/access';
import { PiiCipher } from '@grid122/privacy';
import { DataSource } from 'typeorm';
import { GridRepository } from '../grid/grid.repository';
import { assertCanWrite, foundGrid, gridNotFound, scopeParam } from '../shared/access';
import { maskedPhone } from '../shared/pii';
import { DepartmentRepository, DepartmentRow } from './department.repository';
import { StaffRepository } from './staff.repository';

const toView = (r: DepartmentRow): DepartmentView => ({
  id: r.id,
  code: r.code,
  name: r.name,
  fullName: r.full_name,
  districtPath: r.district_path,
  keyAreas: r.key_areas as KeyArea[],
  linkedGrids: r.linked_grids,
  secondedStaff: r.seconded_staff,
});

/** Functional departments (职能部门) and "lines into blocks": seconded staff linked to level-2 grids. */
@Injectable()
export class DepartmentService {
  constructor(
    private readonly ds: DataSource,
    private readonly departments: DepartmentRepository,
    private readonly staff: StaffRepository,
    private readonly grids: GridRepository,
    private readonly cipher: PiiCipher,
    private readonly outbox: OutboxWriter,
  ) {}

  async list(actor: Actor, req: ListDepartments.Request): Promise<ListDepartments.Reply> {
    const rows = await this.departments.list(scopeParam(actor), { keyArea: req.keyArea, q: req.q, limit: req.limit ?? 200 });
    return { items: rows.map(toView) };
  }

  async visible(actor: Actor, id: string): Promise<DepartmentView> {
    const [row] = await this.departments.list(scopeParam(actor), { id, limit: 1 });
    if (!row) throw AppError.notFound('Department', id);
    return toView(row);
  }

  async create(actor: Actor, req: CreateDepartment.Request): Promise<DepartmentView> {
    assertCanWrite(actor);
    // The district may be above the caller's scope (a street registers its district's departments).
    const district = await this.grids.findInScope(req.districtGridId, '');
    const scope = scopeParam(actor);
    const related = district && narrowScope(scope, district.path) !== null;
    if (!district || !related) throw gridNotFound(req.districtGridId);
    if (district.level !== GridLevel.District) {
      throw new AppError(RegistryErrorCode.WrongGridLevel, `Departments belong to a district grid, not a ${district.level}`, { field: 'districtGridId' });
    }
    const id = await this.ds.transaction((m) =>
      this.departments.insert(m, { code: req.code, name: req.name, fullName: req.fullName, districtPath: district.path, keyAreas: req.keyAreas ?? [] }),
    );
    return this.visible(actor, id);
  }

  /** Posts a seconded person (下沉人员) of the department on a level-2 grid: a link and a post, one transaction. */
  async link(actor: Actor, req: LinkDepartment.Request): Promise<LinkDepartment.Reply> {
    assertCanWrite(actor);
    await this.visible(actor, req.departmentId);
    const scope = scopeParam(actor);
    return this.ds.transaction(async (m) => {
      const grid = foundGrid(await this.grids.lockInScope(m, req.gridId, scope), req.gridId);
      if (grid.level !== GridLevel.Compound) {
        throw new AppError(RegistryErrorCode.WrongGridLevel, `Departments are linked to level-2 grids (compounds), not to a ${grid.level}`, { field: 'gridId', level: grid.level });
      }
      const person = await this.staff.findVisible(req.staffId, scope, m);
      if (!person) throw AppError.notFound('Staff member', req.staffId);
      if (person.department_id !== req.departmentId) {
        throw AppError.validation([{ field: 'staffId', messages: [`${person.name} is not seconded staff of this department`] }]);
      }
      const assignmentId = await this.staff.assign(m, { staffId: person.id, gridId: grid.id, gridPath: grid.path, role: StaffRole.SecondedStaff, group: 'seconded', departmentId: req.departmentId, createdBy: actor.id });
      const link = await this.departments.link(m, { departmentId: req.departmentId, gridId: grid.id, gridPath: grid.path, staffId: person.id, assignmentId });
      await this.outbox.add(m, { type: RegistryEvents.DepartmentLinked, gridPath: grid.path, data: { linkId: link.id, departmentId: req.departmentId, gridId: grid.id, staffId: person.id } });
      return { linkId: link.id, departmentId: req.departmentId, gridId: grid.id, staffId: person.id, since: link.valid_from.toISOString() };
    });
  }

  async unlink(actor: Actor, req: UnlinkDepartment.Request): Promise<UnlinkDepartment.Reply> {
    assertCanWrite(actor);
    return this.ds.transaction(async (m) => {
      const ended = await this.departments.unlink(m, req.linkId, scopeParam(actor));
      if (!ended) throw AppError.notFound('Department link', req.linkId);
      if (ended.assignment_id) await this.staff.endAssignment(m, ended.assignment_id);
      return { linkId: req.linkId, endedAt: ended.valid_to.toISOString() };
    });
  }

  async forGrid(actor: Actor, gridId: string): Promise<GridDepartments.Reply> {
    const grid = foundGrid(await this.grids.findInScope(gridId, scopeParam(actor)), gridId);
    const rows = await this.departments.forGrid(grid.id);
    const byDep = new Map<string, GridDepartments.Linked>();
    for (const r of rows) {
      const d = byDep.get(r.department_id) ?? { departmentId: r.department_id, code: r.code, name: r.name, keyAreas: r.key_areas as KeyArea[], viaGridId: r.via_grid_id, secondedStaff: [] };
      d.secondedStaff.push({ staffId: r.staff_id, name: r.staff_name, phone: maskedPhone(this.cipher, r.phone_enc) });
      byDep.set(r.department_id, d);
    }
    return { gridId: grid.id, departments: [...byDep.values()] };
  }
}
