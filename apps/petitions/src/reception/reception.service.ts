import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  Actor,
  BookReceptionSlot,
  CommonErrorCode,
  LeaderTitle,
  ListReceptions,
  PetitionsErrorCode,
  PetitionState,
  ReceptionKind,
  ReceptionState,
  ReceptionView,
  RecordReception,
  RecordSlotOutcome,
  ScheduleReception,
} from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { rowIso } from '@grid122/persistence';
import { mayManage, mayRead, readScope, ensure, requireInScope } from '../identity/access.policy';
import { PetitionRepository } from '../petition/petition.repository';
import { changeState, visibleRow } from '../shared/row-access';
import { ReceptionRepository, ReceptionRow, SlotRow } from './reception.repository';

const MINUTE = 60_000;
const MAX_SLOTS = 48;
const notFound = (id: string) => new AppError(PetitionsErrorCode.ReceptionNotFound, `Reception ${id} not found`, { id });

/**
 * Leadership receptions (三层接访): topic receptions by the secretary or director on a published
 * schedule (点题接访), appointments with the leader in charge (预约接访) where a petition books a
 * slot, and home visits (上门接访); each recorded with its outcome.
 */
@Injectable()
export class ReceptionService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: ReceptionRepository,
    private readonly petitions: PetitionRepository,
  ) {}

  async schedule(actor: Actor, req: ScheduleReception.Request): Promise<ReceptionView> {
    ensure(mayManage(actor), 'schedule receptions');
    requireInScope(actor, req.gridPath);
    const startsAt = new Date(req.startsAt);
    const endsAt = new Date(req.endsAt);
    if (endsAt <= startsAt) throw AppError.validation([{ field: 'endsAt', messages: ['endsAt must be after startsAt'] }]);
    const slotMinutes = req.slotMinutes ?? (req.kind === ReceptionKind.HomeVisit ? Math.ceil((endsAt.getTime() - startsAt.getTime()) / MINUTE) : 30);
    let slots: { startsAt: Date; endsAt: Date; petitionId?: string }[];
    if (req.kind === ReceptionKind.HomeVisit) {
      if (!req.petitionId) throw AppError.validation([{ field: 'petitionId', messages: ['a home visit names the petition whose petitioner is visited'] }]);
      await this.requirePetition(this.ds.manager, actor, req.petitionId);
      slots = [{ startsAt, endsAt, petitionId: req.petitionId }];
    } else {
      const n = Math.floor((endsAt.getTime() - startsAt.getTime()) / (slotMinutes * MINUTE));
      if (n < 1) throw AppError.validation([{ field: 'slotMinutes', messages: ['the period must hold at least one slot'] }]);
      if (n > MAX_SLOTS) throw AppError.validation([{ field: 'slotMinutes', messages: [`the period would hold ${n} slots; at most ${MAX_SLOTS}`] }]);
      slots = Array.from({ length: n }, (_, i) => ({ startsAt: new Date(startsAt.getTime() + i * slotMinutes * MINUTE), endsAt: new Date(startsAt.getTime() + (i + 1) * slotMinutes * MINUTE) }));
    }
    const publish = req.publish === true || req.kind === ReceptionKind.HomeVisit;
    const id = await this.ds.transaction(async (m) => {
      const id = await this.repo.insert(m, {
        kind: req.kind,
        leaderName: req.leaderName,
        leaderTitle: req.leaderTitle,
        topic: req.topic,
        place: req.place ?? null,
        gridPath: req.gridPath,
        startsAt,
        endsAt,
        slotMinutes,
        state: publish ? ReceptionState.Published : ReceptionState.Scheduled,
        publishedAt: publish ? new Date() : null,
        createdById: actor.id,
      });
      await this.repo.insertSlots(m, id, slots);
      return id;
    });
    return this.view(id);
  }

  async list(actor: Actor, req: ListReceptions.Request): Promise<ListReceptions.Reply> {
    ensure(mayRead(actor), 'read receptions');
    const limit = req.limit ?? 50;
    const offset = req.offset ?? 0;
    const { rows, total } = await this.repo.list({ scope: readScope(actor, req.gridPath), kind: req.kind, state: req.state, upcoming: req.upcoming, limit, offset });
    return { items: await this.views(rows), total, limit, offset };
  }

  async get(actor: Actor, id: string): Promise<ReceptionView> {
    ensure(mayRead(actor), 'read receptions');
    visibleRow(await this.repo.get(id), actor, () => notFound(id));
    return this.view(id);
  }

  publish(actor: Actor, id: string) {
    return this.transition(actor, id, 'publish', [ReceptionState.Scheduled], (m, r) => this.repo.update(m, r.id, { state: ReceptionState.Published, published_at: new Date() }));
  }

  cancel(actor: Actor, id: string) {
    return this.transition(actor, id, 'cancel', [ReceptionState.Scheduled, ReceptionState.Published], (m, r) => this.repo.update(m, r.id, { state: ReceptionState.Cancelled }));
  }

  /** 预约: one petition per slot and one slot per petition in a reception. */
  book(actor: Actor, req: BookReceptionSlot.Request) {
    return this.transition(actor, req.id, 'book', [ReceptionState.Scheduled, ReceptionState.Published, ReceptionState.Held, ReceptionState.Cancelled], async (m, r) => {
      if (r.kind === ReceptionKind.HomeVisit || r.state !== ReceptionState.Published || new Date(r.ends_at) < new Date()) {
        throw new AppError(PetitionsErrorCode.ReceptionNotBookable, `Reception ${r.id} is not open for booking (${r.kind}, ${r.state})`, { kind: r.kind, state: r.state });
      }
      await this.requirePetition(m, actor, req.petitionId);
      if (await this.repo.petitionBooked(m, r.id, req.petitionId)) {
        throw new AppError(CommonErrorCode.Conflict, 'This petition already has a slot in this reception', { field: 'petitionId' });
      }
      const result = await this.repo.book(m, req.slotId, r.id, req.petitionId, actor.id);
      if (result === 'missing') throw new AppError(PetitionsErrorCode.ReceptionNotFound, `Slot ${req.slotId} not found in reception ${r.id}`, { slotId: req.slotId });
      if (result === 'taken') throw new AppError(PetitionsErrorCode.SlotTaken, 'This slot is already booked; choose another', { slotId: req.slotId });
    });
  }

  recordSlot(actor: Actor, req: RecordSlotOutcome.Request) {
    return this.transition(actor, req.id, 'record a slot of', [ReceptionState.Published, ReceptionState.Held], async (m, r) => {
      const slot = await this.repo.slotOf(m, req.slotId, r.id);
      if (!slot) throw new AppError(PetitionsErrorCode.ReceptionNotFound, `Slot ${req.slotId} not found in reception ${r.id}`, { slotId: req.slotId });
      if (!slot.petition_id) throw new AppError(CommonErrorCode.Conflict, 'Nobody booked this slot', { slotId: req.slotId });
      await this.repo.recordSlot(m, slot.id, req.outcome, req.resolved);
    });
  }

  record(actor: Actor, req: RecordReception.Request) {
    return this.transition(actor, req.id, 'record', [ReceptionState.Scheduled, ReceptionState.Published], async (m, r) => {
      const heldAt = req.heldAt ? new Date(req.heldAt) : new Date();
      if (heldAt.getTime() > Date.now() + 5 * MINUTE) throw AppError.validation([{ field: 'heldAt', messages: ['heldAt cannot be in the future'] }]);
      await this.repo.update(m, r.id, { state: ReceptionState.Held, held_at: heldAt, outcome: req.outcome });
    });
  }

  private async requirePetition(m: EntityManager, actor: Actor, petitionId: string): Promise<void> {
    const p = visibleRow(await this.petitions.get(petitionId, m), actor, () => new AppError(PetitionsErrorCode.PetitionNotFound, `Petition ${petitionId} not found`, { field: 'petitionId' }));
    if (p.state === PetitionState.Closed || p.state === PetitionState.Returned) throw AppError.illegalTransition('petition', p.state, 'receive');
  }

  private async transition(actor: Actor, id: string, action: string, from: ReceptionState[], apply: (m: EntityManager, r: ReceptionRow) => Promise<void>): Promise<ReceptionView> {
    ensure(mayManage(actor), `${action} receptions`);
    await changeState(this.ds, actor, { entity: 'reception', action, from, lock: (m) => this.repo.get(id, m, true), notFound: () => notFound(id) }, apply);
    return this.view(id);
  }

  private async view(id: string): Promise<ReceptionView> {
    const r = await this.repo.get(id);
    if (!r) throw notFound(id);
    return (await this.views([r]))[0];
  }

  private async views(rows: ReceptionRow[]): Promise<ReceptionView[]> {
    const slots = await this.repo.slots(rows.map((r) => r.id));
    const by = new Map<string, SlotRow[]>();
    for (const s of slots) by.set(s.reception_id, [...(by.get(s.reception_id) ?? []), s]);
    return rows.map((r) => {
      const mine = by.get(r.id) ?? [];
      return {
        id: r.id,
        kind: r.kind as ReceptionKind,
        leaderName: r.leader_name,
        leaderTitle: r.leader_title as LeaderTitle,
        topic: r.topic,
        place: r.place,
        gridPath: r.grid_path,
        startsAt: rowIso(r.starts_at)!,
        endsAt: rowIso(r.ends_at)!,
        state: r.state as ReceptionState,
        publishedAt: rowIso(r.published_at),
        heldAt: rowIso(r.held_at),
        outcome: r.outcome,
        slots: mine.map((s) => ({
          id: s.id,
          startsAt: rowIso(s.starts_at)!,
          endsAt: rowIso(s.ends_at)!,
          petitionId: s.petition_id,
          petitionRef: s.petition_ref,
          bookedAt: rowIso(s.booked_at),
          outcome: s.outcome,
          resolved: s.resolved,
        })),
        freeSlots: mine.filter((s) => !s.petition_id).length,
      };
    });
  }
}
