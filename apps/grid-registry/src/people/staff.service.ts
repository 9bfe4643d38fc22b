import { Injectable } from '@nestjs/common';
import {
  Actor,
  AssignStaff,
  CommonErrorCode,
  CreateStaff,
  EndAssignment,
  GridLevel,
  GridResponsibles,
  GridStaff,
  ListStaff,
  RegistryErrorCode,
  RegistryEvents,
  RoleGroup,
  STAFF_ROLE_GROUP,
  STAFF_ROLE_LABELS,
  StaffAssignedData,
  StaffRole,
  RevealStaffPhone,
  StaffNames,
  StaffRoster,
  StaffView,
  UpdateStaff,
} from '@grid122/contracts';
import { AppError, OutboxWriter } from '@grid122/messaging';
import { decodeCursor, keysetPage } from '@grid122/persistence';
import { narrowScope } from '@grid122/access';
import { PiiCipher } from '@grid122/privacy';
import { DataSource } from 'typeorm';
import { GridRepository } from '../grid/grid.repository';
import { toSummary } from '../grid/grid.mapper';
import { assertCanWrite, foundGrid, mayRevealPhones, scopeParam } from '../shared/access';
import { maskedPhone } from '../shared/pii';
import { DepartmentService } from './department.service';
import { AssignmentRow, StaffRepository, StaffRow } from './staff.repository';

const PEOPLE_LEVELS: string[] = [GridLevel.Community, GridLevel.Compound, GridLevel.BuildingCluster];

/** People on grids: "1+X+Y", the seven forces, exactly one current head per grid; phones protected. */
@Injectable()
export class StaffService {
  constructor(
    private readonly ds: DataSource,
    private readonly staff: StaffRepository,
    private readonly grids: GridRepository,
    private readonly departments: DepartmentService,
    private readonly cipher: PiiCipher,
    private readonly outbox: OutboxWriter,
  ) {}

  /** Who holds the given posts under a root in the caller's scope (names, no phones). */
  async roster(actor: Actor, req: StaffRoster.Request): Promise<StaffRoster.Reply> {
    const root = narrowScope(scopeParam(actor), req.root);
    if (root === null) return { items: [] };
    const rows = await this.staff.roster(root, req.roles?.length ? req.roles : null, req.levels?.length ? req.levels : null);
    return {
      items: rows.map((r) => ({ staffId: r.staff_id, accountId: r.account_id, name: r.name, gridId: r.grid_id, gridPath: r.grid_path, gridName: r.grid_name, gridLevel: r.grid_level as GridLevel, role: r.role as StaffRole })),
    };
  }

  /** The name directory: who these accounts are (names only), in the caller's scope. */
  async names(actor: Actor, req: StaffNames.Request): Promise<StaffNames.Reply> {
    if (!req.accountIds.length) return { items: [] };
    const rows = await this.staff.namesOfAccounts([...new Set(req.accountIds)], scopeParam(actor));
    return { items: rows.map((r) => ({ accountId: r.account_id, staffId: r.staff_id, name: r.name })) };
  }

  /**
   * A staff member's phone in full, for those who call them (lists and views mask it for every
   * role). The gateway writes the reveal, with its reason, to the hash-chained audit log before the
   * answer leaves (`POST /api/v1/staff/{id}/reveal-phone`).
   */
  async revealPhone(actor: Actor, req: RevealStaffPhone.Request): Promise<RevealStaffPhone.Reply> {
    if (!mayRevealPhones(actor)) throw AppError.forbidden("Only the street command centre and the organisation group may reveal a staff member's phone");
    const row = await this.staff.findVisible(req.id, scopeParam(actor));
    if (!row) throw AppError.notFound('Staff member', req.id);
    return { id: row.id, name: row.name, phone: row.phone_enc ? this.cipher.decrypt(row.phone_enc) : null };
  }

  async list(actor: Actor, req: ListStaff.Request): Promise<ListStaff.Reply> {
    const limit = req.limit ?? 100;
    const rows = await this.staff.list({
      scope: scopeParam(actor),
      gridId: req.gridId,
      role: req.role,
      group: req.group,
      departmentId: req.departmentId,
      q: req.q,
      phoneHashes: req.phone ? this.cipher.hashes(req.phone.replace(/^\+?86/, '')) : undefined,
      after: req.cursor ? decodeCursor(req.cursor, ['text', 'uuid']) : undefined,
      limit: limit + 1,
    });
    const page = keysetPage(rows, limit, (r) => r, (r) => [r.name, r.id]);
    return { items: await this.views(actor, page.items), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, id: string): Promise<StaffView> {
    const row = await this.staff.findVisible(id, scopeParam(actor));
    if (!row) throw AppError.notFound('Staff member', id);
    return (await this.views(actor, [row]))[0];
  }

  async create(actor: Actor, req: CreateStaff.Request): Promise<StaffView> {
    assertCanWrite(actor);
    const home = foundGrid(await this.grids.findInScope(req.homeGridId, scopeParam(actor)), req.homeGridId);
    if (req.departmentId) await this.departments.visible(actor, req.departmentId);
    const phone = req.phone?.replace(/^\+?86/, '');
    const id = await this.ds.transaction((m) =>
      this.staff.insert(m, {
        name: req.name,
        gender: req.gender ?? null,
        phoneEnc: phone ? this.cipher.encrypt(phone) : null,
        phoneHash: phone ? this.cipher.hash(phone) : null,
        partyMember: req.partyMember ?? false,
        departmentId: req.departmentId ?? null,
        accountId: req.accountId ?? null,
        homePath: home.path,
      }),
    );
    return this.get(actor, id);
  }

  async update(actor: Actor, req: UpdateStaff.Request): Promise<StaffView> {
    assertCanWrite(actor);
    const row = await this.staff.findVisible(req.id, scopeParam(actor));
    if (!row) throw AppError.notFound('Staff member', req.id);
    const phone = req.phone?.replace(/^\+?86/, '');
    await this.ds.transaction((m) =>
      this.staff.update(m, req.id, {
        name: req.name,
        phoneEnc: phone ? this.cipher.encrypt(phone) : undefined,
        phoneHash: phone ? this.cipher.hash(phone) : undefined,
        partyMember: req.partyMember,
        accountId: req.accountId,
      }),
    );
    return this.get(actor, req.id);
  }

  /** A post on a grid. A second head is refused (409) unless `replace` hands the post over. */
  async assign(actor: Actor, req: AssignStaff.Request): Promise<StaffView> {
    assertCanWrite(actor);
    if (req.role === StaffRole.SecondedStaff) {
      throw AppError.validation([{ field: 'role', messages: ['seconded staff are posted by linking their department to a level-2 grid (POST /departments/{id}/links)'] }]);
    }
    const scope = scopeParam(actor);
    await this.ds.transaction(async (m) => {
      const grid = foundGrid(await this.grids.lockInScope(m, req.gridId, scope), req.gridId);
      if (!PEOPLE_LEVELS.includes(grid.level)) {
        throw new AppError(RegistryErrorCode.WrongGridLevel, `People are posted on level 1-3 grids, not on a ${grid.level}`, { field: 'gridId', level: grid.level });
      }
      const person = await this.staff.findVisible(req.staffId, scope, m);
      if (!person) throw AppError.notFound('Staff member', req.staffId);
      let replaced: string | null = null;
      if (req.role === StaffRole.GridHead) {
        const head = await this.staff.currentHead(m, grid.id);
        if (head && head.staff_id === person.id) throw new AppError(CommonErrorCode.Conflict, `${person.name} is already the head of ${grid.name}`);
        if (head && !req.replace) {
          throw new AppError(RegistryErrorCode.GridHasHead, `${grid.name} already has a head; pass replace: true to hand the post over`, { gridId: grid.id, currentHeadStaffId: head.staff_id });
        }
        if (head) {
          await this.staff.endAssignment(m, head.id);
          replaced = head.staff_id;
        }
      }
      const assignmentId = await this.staff.assign(m, { staffId: person.id, gridId: grid.id, gridPath: grid.path, role: req.role, group: STAFF_ROLE_GROUP[req.role], departmentId: null, createdBy: actor.id });
      await this.outbox.add(m, {
        type: RegistryEvents.StaffAssigned,
        gridPath: grid.path,
        data: { assignmentId, staffId: person.id, gridId: grid.id, gridPath: grid.path, role: req.role, accountId: person.account_id, replacedStaffId: replaced },
      });
    });
    return this.get(actor, req.staffId);
  }

  async unassign(actor: Actor, req: EndAssignment.Request): Promise<EndAssignment.Reply> {
    assertCanWrite(actor);
    return this.ds.transaction(async (m) => {
      const a = await this.staff.assignmentInScope(m, req.assignmentId, scopeParam(actor));
      if (!a) throw AppError.notFound('Assignment', req.assignmentId);
      const endedAt = (await this.staff.endAssignment(m, a.id))!;
      await this.outbox.add(m, { type: RegistryEvents.StaffUnassigned, gridPath: a.grid_path, data: { assignmentId: a.id, staffId: a.staff_id, gridId: a.grid_id, role: a.role } });
      return { assignmentId: a.id, endedAt: endedAt.toISOString() };
    });
  }

  async onGrid(actor: Actor, gridId: string): Promise<GridStaff.Reply> {
    const grid = foundGrid(await this.grids.findInScope(gridId, scopeParam(actor)), gridId);
    const rows = await this.staff.onGrid(grid.id);
    const members: GridStaff.Member[] = rows.map((r) => ({
      staffId: r.id,
      assignmentId: r.assignment_id,
      name: r.name,
      phone: maskedPhone(this.cipher, r.phone_enc),
      phoneMasked: true,
      role: r.role as StaffRole,
      roleLabel: STAFF_ROLE_LABELS[r.role as StaffRole],
      group: r.role_group as RoleGroup,
      departmentId: r.a_department_id,
      since: r.valid_from.toISOString(),
    }));
    const counts = { head: 0, x: 0, y: 0, seconded: 0, forces: 0 } as Record<RoleGroup, number>;
    for (const mbr of members) counts[mbr.group]++;
    return { gridId: grid.id, head: members.find((x) => x.role === StaffRole.GridHead) ?? null, members, counts };
  }

  /** Who answers for a grid: the head chain (L3 → L2 → L1) and the departments linked to it. */
  async responsibles(actor: Actor, gridId: string): Promise<GridResponsibles.Reply> {
    const grid = foundGrid(await this.grids.findInScope(gridId, scopeParam(actor)), gridId);
    const [heads, deps] = await Promise.all([this.staff.headChain(grid.id), this.departments.forGrid(actor, grid.id)]);
    return {
      grid: toSummary(grid),
      heads: heads.map((h) => ({
        staffId: h.staff_id,
        name: h.name,
        role: h.role,
        gridId: h.grid_id,
        gridLevel: h.grid_level as GridLevel,
        phone: maskedPhone(this.cipher, h.phone_enc),
        accountId: h.account_id,
      })),
      departments: deps.departments.map((d) => ({ departmentId: d.departmentId, code: d.code, name: d.name, secondedStaff: d.secondedStaff })),
    };
  }

  private async views(actor: Actor, rows: StaffRow[]): Promise<StaffView[]> {
    const assignments = await this.staff.currentAssignments(rows.map((r) => r.id));
    const byStaff = new Map<string, AssignmentRow[]>();
    for (const a of assignments) byStaff.set(a.staff_id, [...(byStaff.get(a.staff_id) ?? []), a]);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      gender: r.gender,
      phone: maskedPhone(this.cipher, r.phone_enc),
      phoneMasked: true,
      partyMember: r.party_member,
      departmentId: r.department_id,
      accountId: r.account_id,
      homePath: r.home_path,
      assignments: (byStaff.get(r.id) ?? []).map((a) => ({
        assignmentId: a.id,
        gridId: a.grid_id,
        gridCode: a.grid_code,
        gridName: a.grid_name,
        gridLevel: a.grid_level as GridLevel,
        gridPath: a.grid_path,
        role: a.role as StaffRole,
        roleLabel: STAFF_ROLE_LABELS[a.role as StaffRole],
        group: a.role_group as RoleGroup,
        departmentId: a.department_id,
        since: a.valid_from.toISOString(),
      })),
    }));
  }
}
