import { Injectable } from '@nestjs/common';
import { streetToday } from '@grid122/calendar';
import { DataSource } from 'typeorm';
import {
  Actor,
  CommonErrorCode,
  DefinePopulationCategory,
  ExportSpecialPeople,
  FollowUpMethod,
  FollowUpView,
  GetSpecialPerson,
  IdentitySubject,
  ListPopulationCategories,
  ListSpecialPeople,
  PetitionsErrorCode,
  PetitionsEvents,
  PetitionsFileReply,
  RecordFollowUp,
  RegisterSpecialPerson,
  RevealSpecialPerson,
  RISK_LEVEL_LABELS,
  RiskLevel,
  SpecialPersonView,
  UpdateSpecialPersonRisk,
  labelOr,
} from '@grid122/contracts';
import { AppError, OutboxWriter } from '@grid122/messaging';
import { rowIso } from '@grid122/persistence';
import { actorName, mayCommand, mayManage, mayRead, mayWorkOnGrid, readScope, ensure, requireInScope, requireReveal, seesSensitiveCategories, SENSITIVE_CATEGORY } from '../identity/access.policy';
import { IdentityService } from '../identity/identity.service';
import { personNotFound, visibleRow } from '../shared/row-access';
import { FollowUpRow, PopulationRepository, SpecialPersonRow } from './population.repository';
import { categoryByKey, categoryLookup, openCategory, protectCategory } from './special-categories';

/**
 * Special populations (特殊人群): registers by category with a risk level and the follow-up
 * frequency that follows from it (monthly; weekly at high risk; tighter under a stability
 * warning), follow-up visits by the grid worker, and the overdue-for-visit list.
 */
@Injectable()
export class PopulationService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: PopulationRepository,
    private readonly identity: IdentityService,
    private readonly outbox: OutboxWriter,
  ) {}

  async categories(actor: Actor): Promise<ListPopulationCategories.Reply> {
    ensure(mayRead(actor), 'read the registers');
    return { items: (await this.repo.categories()).map((c) => ({ code: c.code, zh: c.zh, en: c.en, followUpDays: c.follow_up_days, highRiskFollowUpDays: c.high_risk_follow_up_days, builtIn: c.built_in })) };
  }

  async defineCategory(actor: Actor, req: DefinePopulationCategory.Request): Promise<DefinePopulationCategory.Reply> {
    ensure(mayCommand(actor), 'configure registers');
    if (req.highRiskFollowUpDays > req.followUpDays) {
      throw AppError.validation([{ field: 'highRiskFollowUpDays', messages: ['high-risk people are visited at least as often as the others'] }]);
    }
    await this.ds.transaction((m) => this.repo.upsertCategory(m, req, categoryLookup(this.identity.cipher, req.code)));
    return (await this.categories(actor)).items.find((c) => c.code === req.code)!;
  }

  async register(actor: Actor, req: RegisterSpecialPerson.Request): Promise<SpecialPersonView> {
    ensure(mayManage(actor), 'register special populations');
    requireInScope(actor, req.gridPath);
    const register = (await this.repo.categories()).find((c) => c.code === req.category);
    if (!register) {
      throw new AppError(PetitionsErrorCode.UnknownCategory, `No register ${req.category}; define it first`, { field: 'category' });
    }
    const registeredAt = req.registeredAt ? new Date(req.registeredAt) : new Date();
    if (registeredAt.getTime() > Date.now() + 5 * 60_000) throw AppError.validation([{ field: 'registeredAt', messages: ['registeredAt cannot be in the future'] }]);
    const pii = this.identity.protect(req.identity);
    const id = await this.ds
      .transaction((m) =>
        this.repo.insert(m, {
          // the register encrypted with its blind index, its cadence kept on the row
          ...protectCategory(this.identity.cipher, req.category),
          category_follow_up_days: register.follow_up_days,
          category_high_risk_follow_up_days: register.high_risk_follow_up_days,
          name: pii.name,
          id_number: pii.idNumber,
          phone: pii.phone,
          person_hash: pii.hash,
          gender: req.gender ?? null,
          grid_path: req.gridPath,
          grid_id: req.gridId ?? null,
          building_id: req.buildingId ?? null,
          risk_level: req.riskLevel,
          follow_up_days: req.followUpDays ?? null,
          responsible_worker_id: req.responsibleWorkerId ?? null,
          responsible_worker_name: req.responsibleWorkerName ?? null,
          registered_at: registeredAt,
          note: req.note ?? null,
          created_by_id: actor.id,
        }),
      )
      .catch((e: { code?: string }) => {
        if (e.code === '23505') throw new AppError(CommonErrorCode.Conflict, 'This person is already on this register', { field: 'identity' });
        throw e;
      });
    return this.view((await this.repo.get(id))!);
  }

  async list(actor: Actor, req: ListSpecialPeople.Request): Promise<ListSpecialPeople.Reply> {
    ensure(mayRead(actor), 'read the registers');
    const scope = readScope(actor, req.gridPath);
    if (req.category && !seesSensitiveCategories(actor)) throw AppError.forbidden('Special-population categories are shown only to the roles that work the registers');
    const limit = req.limit ?? 50;
    const offset = req.offset ?? 0;
    const [{ rows, total }, keyed, registers] = await Promise.all([
      this.repo.list({ scope, categoryHashes: req.category ? categoryLookup(this.identity.cipher, req.category) : undefined, riskLevel: req.riskLevel, overdue: req.overdue, limit, offset }),
      this.repo.counts(scope),
      this.repo.categories(),
    ]);
    return { items: rows.map((r) => this.view(r, actor)), total, limit, offset, counts: this.countsByRegister(keyed, registers.map((c) => c.code)) };
  }

  async get(actor: Actor, req: GetSpecialPerson.Request): Promise<GetSpecialPerson.Reply> {
    ensure(mayRead(actor), 'read the registers');
    const row = await this.visible(actor, req.id);
    return { ...this.view(row, actor), followUps: (await this.repo.followUps(row.id)).map((f) => this.followUpView(f)) };
  }

  async updateRisk(actor: Actor, req: UpdateSpecialPersonRisk.Request): Promise<SpecialPersonView> {
    ensure(mayManage(actor), 'change risk levels');
    const row = await this.visible(actor, req.id);
    await this.ds.transaction(async (m) => {
      await this.repo.lock(m, row.id);
      await this.repo.update(m, row.id, { risk_level: req.riskLevel, note: [row.note, `${streetToday()} 风险等级调整为${RISK_LEVEL_LABELS[req.riskLevel].zh}：${req.reason}`].filter(Boolean).join('\n') });
    });
    return this.view((await this.repo.get(row.id))!);
  }

  /** 走访: by a grid worker on the person's grid (or the group); a changed risk level applies at once. */
  async recordFollowUp(actor: Actor, req: RecordFollowUp.Request): Promise<FollowUpView> {
    ensure(mayWorkOnGrid(actor), 'record follow-up visits');
    const visitedAt = new Date(req.visitedAt);
    if (visitedAt.getTime() > Date.now() + 5 * 60_000) throw AppError.validation([{ field: 'visitedAt', messages: ['visitedAt cannot be in the future'] }]);
    const id = await this.ds.transaction(async (m) => {
      await this.repo.lock(m, req.id);
      const row = visibleRow(await this.repo.get(req.id, m), actor, () => personNotFound(req.id));
      if (!row.active) throw AppError.illegalTransition('register entry', 'inactive', 'follow up');
      const late = visitedAt.getTime() > new Date(row.next_due_at).getTime();
      const id = await this.repo.insertFollowUp(m, {
        personId: row.id,
        visitedAt,
        method: req.method,
        visitorId: actor.id,
        visitorName: actorName(actor),
        situation: req.situation,
        anomaly: req.anomaly ?? false,
        riskLevelAfter: req.riskLevelAfter ?? null,
        late,
        gridPath: row.grid_path,
      });
      const last = row.last_follow_up_at && new Date(row.last_follow_up_at) > visitedAt ? row.last_follow_up_at : visitedAt;
      await this.repo.update(m, row.id, { last_follow_up_at: last, ...(req.riskLevelAfter ? { risk_level: req.riskLevelAfter } : {}) });
      await this.outbox.add(m, {
        type: PetitionsEvents.FollowUpRecorded,
        gridPath: row.grid_path,
        // the category is sensitive (刑满释放, 吸毒 …): an event names the person by id, never with it
        data: { followUpId: id, personId: row.id, category: SENSITIVE_CATEGORY, riskLevel: req.riskLevelAfter ?? row.risk_level, gridPath: row.grid_path, visitorId: actor.id, visitedAt: visitedAt.toISOString(), late },
      });
      return id;
    });
    const f = (await this.repo.followUps(req.id, 200)).find((x) => x.id === id)!;
    return this.followUpView(f);
  }

  async reveal(actor: Actor, req: RevealSpecialPerson.Request): Promise<RevealSpecialPerson.Reply> {
    requireReveal(actor);
    const row = await this.visible(actor, req.id);
    return this.identity.reveal(actor, { type: IdentitySubject.SpecialPerson, id: row.id, fields: ['name', 'idNumber', 'phone'] }, req.reason, () => ({
      id: row.id,
      identity: this.identity.plainRow(row),
    }));
  }

  /** XLSX with identities for the roles that need them: reason required, audited, watermarked. */
  async export(actor: Actor, req: ExportSpecialPeople.Request): Promise<PetitionsFileReply> {
    requireReveal(actor);
    const scope = readScope(actor, req.gridPath);
    const rows = (await this.repo.all(scope, req.category ? categoryLookup(this.identity.cipher, req.category) : undefined))
      .map((r) => ({ ...r, category: openCategory(this.identity.cipher, r) }))
      .sort((a, b) => (a.grid_path < b.grid_path ? -1 : a.grid_path > b.grid_path ? 1 : a.category < b.category ? -1 : a.category > b.category ? 1 : 0));
    const cats = new Map((await this.repo.categories()).map((c) => [c.code, c.zh]));
    return this.identity.exportXlsx(actor, ['special_people:name', 'idNumber', 'phone'], {
      title: '特殊人群登记表',
      sheet: '特殊人群',
      reason: req.reason,
      filename: `special-populations-${streetToday()}.xlsx`,
      columns: [
        { header: '类别', key: 'category', width: 18 },
        { header: '姓名', key: 'name', width: 10 },
        { header: '身份证号', key: 'idNumber', width: 22 },
        { header: '电话', key: 'phone', width: 14 },
        { header: '网格', key: 'gridPath', width: 32 },
        { header: '风险等级', key: 'risk', width: 10 },
        { header: '走访周期(天)', key: 'interval', width: 12 },
        { header: '上次走访', key: 'last', width: 20 },
        { header: '下次应访', key: 'next', width: 20 },
        { header: '是否逾期', key: 'overdue', width: 10 },
      ],
      rows: rows.map((r) => {
        const p = this.identity.plainRow(r);
        return {
          category: cats.get(r.category) ?? r.category,
          name: p.name,
          idNumber: p.idNumber,
          phone: p.phone,
          gridPath: r.grid_path,
          risk: labelOr(RISK_LEVEL_LABELS, r.risk_level).zh,
          interval: r.interval_days,
          last: rowIso(r.last_follow_up_at) ?? '',
          next: rowIso(r.next_due_at),
          overdue: r.overdue ? '是' : '否',
        };
      }),
    });
  }

  private async visible(actor: Actor, id: string): Promise<SpecialPersonRow> {
    return visibleRow(await this.repo.get(id), actor, () => personNotFound(id));
  }

  private view(r: SpecialPersonRow, actor?: Actor): SpecialPersonView {
    return {
      id: r.id,
      category: !actor || seesSensitiveCategories(actor) ? openCategory(this.identity.cipher, r) : SENSITIVE_CATEGORY,
      identity: this.identity.maskedRow(r),
      gender: r.gender,
      gridPath: r.grid_path,
      gridId: r.grid_id,
      buildingId: r.building_id,
      riskLevel: r.risk_level as RiskLevel,
      followUpDays: r.interval_days,
      raisedByWarning: r.interval_days < r.base_days,
      responsibleWorker: { id: r.responsible_worker_id, name: r.responsible_worker_name },
      registeredAt: rowIso(r.registered_at)!,
      lastFollowUpAt: rowIso(r.last_follow_up_at),
      nextDueAt: rowIso(r.next_due_at)!,
      overdue: r.overdue,
      active: r.active,
      note: r.note,
    };
  }

  /** The counts by blind index (or a clear row's code) named by register, summed (a register may count under two hash keys while one rotates). */
  private countsByRegister(keyed: { key: string; total: number; highRisk: number; overdue: number }[], codes: string[]) {
    const codeOf = categoryByKey(this.identity.cipher, codes);
    const out = new Map<string, { category: string; total: number; highRisk: number; overdue: number }>();
    for (const k of keyed) {
      const category = codeOf.get(k.key);
      if (!category) continue;
      const c = out.get(category) ?? { category, total: 0, highRisk: 0, overdue: 0 };
      c.total += k.total;
      c.highRisk += k.highRisk;
      c.overdue += k.overdue;
      out.set(category, c);
    }
    return [...out.values()].sort((a, b) => (a.category < b.category ? -1 : a.category > b.category ? 1 : 0));
  }

  private followUpView(f: FollowUpRow): FollowUpView {
    return {
      id: f.id,
      personId: f.person_id,
      visitedAt: rowIso(f.visited_at)!,
      method: f.method as FollowUpMethod,
      visitor: { id: f.visitor_id, name: f.visitor_name },
      situation: f.situation,
      anomaly: f.anomaly,
      riskLevelAfter: (f.risk_level_after as RiskLevel) ?? null,
      late: f.late,
    };
  }
}
