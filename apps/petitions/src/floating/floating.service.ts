import { Injectable } from '@nestjs/common';
import { streetToday } from '@grid122/calendar';
import { DataSource } from 'typeorm';
import {
  Actor,
  ExportFloatingPeople,
  FloatingPersonLeft,
  FloatingPersonView,
  IdentitySubject,
  ListFloatingPeople,
  PetitionsErrorCode,
  PetitionsFileReply,
  RegisterFloatingPerson,
  RevealFloatingPerson,
} from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { actorName, mayRead, mayWorkOnGrid, readScope, ensure, requireInScope, requireReveal } from '../identity/access.policy';
import { IdentityService } from '../identity/identity.service';
import { personNotFound, visibleRow } from '../shared/row-access';
import { FloatingRepository, FloatingRow } from './floating.repository';

/** The street's today (its configured zone), not the process clock's UTC day. */
const today = () => streetToday();

/** Floating population (流动人口) registered to buildings (the registry's building id), with arrival and leaving. */
@Injectable()
export class FloatingService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: FloatingRepository,
    private readonly identity: IdentityService,
  ) {}

  async register(actor: Actor, req: RegisterFloatingPerson.Request): Promise<FloatingPersonView> {
    ensure(mayWorkOnGrid(actor), 'register floating population');
    requireInScope(actor, req.gridPath);
    if (req.arrivedOn > today()) throw AppError.validation([{ field: 'arrivedOn', messages: ['arrivedOn cannot be in the future'] }]);
    const pii = this.identity.protect(req.identity);
    const id = await this.ds.transaction((m) =>
      this.repo.insert(m, {
        name: pii.name!,
        idNumber: pii.idNumber,
        phone: pii.phone,
        hash: pii.hash,
        buildingId: req.buildingId,
        gridPath: req.gridPath,
        gridId: req.gridId ?? null,
        origin: req.origin ?? null,
        occupation: req.occupation ?? null,
        arrivedOn: req.arrivedOn,
        byId: actor.id,
        byName: actorName(actor),
      }),
    );
    return this.view((await this.repo.get(id))!);
  }

  async list(actor: Actor, req: ListFloatingPeople.Request): Promise<ListFloatingPeople.Reply> {
    ensure(mayRead(actor), 'read the floating-population register');
    const limit = req.limit ?? 50;
    const offset = req.offset ?? 0;
    const { rows, total, present } = await this.repo.list({ scope: readScope(actor, req.gridPath), buildingId: req.buildingId, present: req.present ?? true, limit, offset });
    return { items: rows.map((r) => this.view(r)), total, limit, offset, present };
  }

  async leave(actor: Actor, req: FloatingPersonLeft.Request): Promise<FloatingPersonView> {
    ensure(mayWorkOnGrid(actor), 'record leaving');
    await this.ds.transaction(async (m) => {
      const row = visibleRow(await this.repo.get(req.id, m, true), actor, () => personNotFound(req.id));
      if (row.left_on) throw new AppError(PetitionsErrorCode.AlreadyLeft, `Already left on ${row.left_on}`, { leftOn: row.left_on });
      if (req.leftOn < row.arrived_on) throw AppError.validation([{ field: 'leftOn', messages: [`leftOn cannot be before arrival (${row.arrived_on})`] }]);
      if (req.leftOn > today()) throw AppError.validation([{ field: 'leftOn', messages: ['leftOn cannot be in the future'] }]);
      await this.repo.leave(m, row.id, req.leftOn);
    });
    return this.view((await this.repo.get(req.id))!);
  }

  async reveal(actor: Actor, req: RevealFloatingPerson.Request): Promise<RevealFloatingPerson.Reply> {
    requireReveal(actor);
    const row = visibleRow(await this.repo.get(req.id), actor, () => personNotFound(req.id));
    return this.identity.reveal(actor, { type: IdentitySubject.FloatingPerson, id: row.id, fields: ['name', 'idNumber', 'phone'] }, req.reason, () => ({
      id: row.id,
      identity: this.identity.plainRow(row),
    }));
  }

  async export(actor: Actor, req: ExportFloatingPeople.Request): Promise<PetitionsFileReply> {
    requireReveal(actor);
    const rows = await this.repo.all(readScope(actor, req.gridPath));
    return this.identity.exportXlsx(actor, ['floating_people:name', 'idNumber', 'phone'], {
      title: '流动人口登记表',
      sheet: '流动人口',
      reason: req.reason,
      filename: `floating-population-${today()}.xlsx`,
      columns: [
        { header: '姓名', key: 'name', width: 10 },
        { header: '身份证号', key: 'idNumber', width: 22 },
        { header: '电话', key: 'phone', width: 14 },
        { header: '户籍地', key: 'origin', width: 16 },
        { header: '职业', key: 'occupation', width: 12 },
        { header: '楼栋', key: 'buildingId', width: 38 },
        { header: '网格', key: 'gridPath', width: 32 },
        { header: '来住日期', key: 'arrivedOn', width: 12 },
      ],
      rows: rows.map((r) => ({ ...this.identity.plainRow(r), origin: r.origin, occupation: r.occupation, buildingId: r.building_id, gridPath: r.grid_path, arrivedOn: r.arrived_on })),
    });
  }

  private view(r: FloatingRow): FloatingPersonView {
    return {
      id: r.id,
      identity: this.identity.maskedRow(r),
      buildingId: r.building_id,
      gridPath: r.grid_path,
      gridId: r.grid_id,
      origin: r.origin,
      occupation: r.occupation,
      arrivedOn: r.arrived_on,
      leftOn: r.left_on,
      present: r.left_on === null,
      registeredBy: r.registered_by_name,
    };
  }
}
