import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  AcceptPetition,
  Actor,
  ClosePetition,
  CommonErrorCode,
  ExtendPetition,
  GetPetition,
  HandoverPetition,
  IncidentEventData,
  KeyArea,
  ListOverduePetitions,
  ListPetitions,
  PetitionChannel,
  PetitionDetail,
  PetitionerKind,
  PetitionMatter,
  PetitionReceivedData,
  ComplaintVerifiedData,
  PetitionRepliedData,
  PetitionsErrorCode,
  PetitionsEvents,
  PetitionState,
  RegisterPetition,
  RejectPetition,
  ReplyPetition,
  ReturnPetition,
  RevealPetition,
  Role,
  Unit,
  UNIT_CASE_EVENTS,
  UnitCaseEventData,
  IdentitySubject,
  UnitCaseEventType,
} from '@grid122/contracts';
import { AppError, OutboxWriter } from '@grid122/messaging';
import { PetitionsEnv } from '../config/petitions.env';
import { actorName, mayCommand, mayManage, mayRead, readScope, ensure, requireInScope, requireReveal } from '../identity/access.policy';
import { IdentityService } from '../identity/identity.service';
import { toPetitionView } from './petition.mapper';
import { PetitionRepository, PetitionRow } from './petition.repository';
import { changeState, visibleRow } from '../shared/row-access';

const DAY = 86_400_000;
const notFound = (id: string) => new AppError(PetitionsErrorCode.PetitionNotFound, `Petition ${id} not found`, { id });
const CASES = UNIT_CASE_EVENTS[Unit.Petitions];

/**
 * Petitions (信访): registration with first-inquiry responsibility (首问负责制), the statutory-style
 * time limits (accept in 15 days, reply in 60, one extension of up to 30), repeat linking and the
 * office's dispatched cases.
 */
@Injectable()
export class PetitionService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: PetitionRepository,
    private readonly identity: IdentityService,
    private readonly outbox: OutboxWriter,
    private readonly env: PetitionsEnv,
  ) {}

  async register(actor: Actor, req: RegisterPetition.Request): Promise<PetitionDetail> {
    ensure(mayManage(actor), 'register petitions');
    requireInScope(actor, req.gridPath);
    const headcount = req.headcount ?? (req.petitionerKind === PetitionerKind.Group ? 0 : 1);
    if (req.petitionerKind === PetitionerKind.Group && headcount < 2) {
      throw AppError.validation([{ field: 'headcount', messages: ['a group petition needs headcount of 2 or more'] }]);
    }
    if (req.petitionerKind === PetitionerKind.Person && headcount !== 1) {
      throw AppError.validation([{ field: 'headcount', messages: ['a person petition has headcount 1; register a group instead'] }]);
    }
    const now = new Date();
    const receivedAt = req.receivedAt ? new Date(req.receivedAt) : now;
    if (receivedAt.getTime() > now.getTime() + 5 * 60_000) {
      throw AppError.validation([{ field: 'receivedAt', messages: ['receivedAt cannot be in the future'] }]);
    }
    if (receivedAt.getTime() < now.getTime() - 366 * DAY) {
      throw AppError.validation([{ field: 'receivedAt', messages: ['receivedAt cannot be more than a year back'] }]);
    }
    const pii = this.identity.protect(req.petitioner);
    const id = await this.ds.transaction(async (m) => {
      const repeatOf = pii.hash && req.petitioner
        ? await this.repo.findRepeatRoot(m, this.identity.personHashes(req.petitioner), req.matter, new Date(receivedAt.getTime() - this.env.PETITION_REPEAT_WINDOW_DAYS * DAY))
        : null;
      const id = await this.repo.insert(m, {
        ref: await this.repo.nextRef(m, receivedAt),
        channel: req.channel,
        petitioner_kind: req.petitionerKind,
        petitioner_name: pii.name,
        petitioner_id_number: pii.idNumber,
        petitioner_phone: pii.phone,
        petitioner_hash: pii.hash,
        headcount,
        matter: req.matter,
        summary: req.summary,
        key_area: req.keyArea ?? KeyArea.PetitionsStability,
        grid_path: req.gridPath,
        grid_id: req.gridId ?? null,
        state: PetitionState.Received,
        // 首问负责制: whoever receives it owns it until a recorded hand-over.
        owner_id: actor.id,
        owner_name: actorName(actor),
        received_by_id: actor.id,
        received_by_name: actorName(actor),
        received_at: receivedAt,
        accept_due_at: new Date(receivedAt.getTime() + this.env.PETITION_ACCEPT_DAYS * DAY),
        repeat_of_id: repeatOf,
        incident_id: null,
      });
      await this.emitReceived(m, id);
      return id;
    });
    return this.detail(id);
  }

  /** Opens a petition for an office incident dispatched to the group (channel office_dispatch). Idempotent. */
  async openFromIncident(m: EntityManager, d: IncidentEventData, actorId: string | null): Promise<string | null> {
    if (await this.repo.findOpenByIncident(m, d.incidentId)) return null;
    const now = new Date();
    const id = await this.repo.insert(m, {
      ref: await this.repo.nextRef(m, now),
      channel: PetitionChannel.OfficeDispatch,
      petitioner_kind: PetitionerKind.Person,
      petitioner_name: null,
      petitioner_id_number: null,
      petitioner_phone: null,
      petitioner_hash: null,
      headcount: 1,
      matter: PetitionMatter.Other,
      summary: [d.title, d.address].filter(Boolean).join(' — ') || d.code,
      key_area: d.keyArea ?? KeyArea.PetitionsStability,
      grid_path: d.gridPath,
      grid_id: d.gridId,
      state: PetitionState.Received,
      // No first receiver yet: the first group member who acts on it becomes its owner.
      owner_id: null,
      owner_name: null,
      received_by_id: null,
      received_by_name: null,
      received_at: now,
      accept_due_at: new Date(now.getTime() + this.env.PETITION_ACCEPT_DAYS * DAY),
      repeat_of_id: null,
      incident_id: d.incidentId,
    });
    const row = (await this.repo.get(id, m))!;
    await this.emitReceived(m, id);
    await this.outbox.add(m, {
      type: CASES.opened,
      gridPath: row.grid_path,
      actorId,
      data: this.caseData(row, null, `信访件 ${row.ref} 已登记`),
    });
    return id;
  }

  /** The office took the group's own case into its ledger (office-dispatch consumer): link it. */
  linkIncident(m: EntityManager, id: string, incidentId: string): Promise<boolean> {
    return this.repo.linkIncident(m, id, incidentId);
  }

  async list(actor: Actor, req: ListPetitions.Request): Promise<ListPetitions.Reply> {
    ensure(mayRead(actor), 'read petitions');
    return this.page({ ...req }, actor, false);
  }

  async overdue(actor: Actor, req: ListOverduePetitions.Request): Promise<ListPetitions.Reply> {
    ensure(mayRead(actor), 'read petitions');
    return this.page(req, actor, true);
  }

  private async page(req: ListPetitions.Request, actor: Actor, overdueOnly: boolean): Promise<ListPetitions.Reply> {
    const limit = req.limit ?? 50;
    const offset = req.offset ?? 0;
    const { rows, total } = await this.repo.list({
      scope: readScope(actor, req.gridPath),
      state: req.state,
      channel: req.channel,
      matter: req.matter,
      collective: req.collective,
      repeat: req.repeat,
      overdueOnly,
      limit,
      offset,
    });
    return { items: rows.map((r) => toPetitionView(r, this.identity)), total, limit, offset };
  }

  async get(actor: Actor, req: GetPetition.Request): Promise<PetitionDetail> {
    ensure(mayRead(actor), 'read petitions');
    await this.visible(actor, req.id);
    return this.detail(req.id);
  }

  accept(actor: Actor, req: AcceptPetition.Request) {
    return this.transition(actor, req.id, 'accept', [PetitionState.Received], async (m, row, owner) => {
      const now = new Date();
      await this.repo.update(m, row.id, {
        ...owner,
        state: PetitionState.Accepted,
        accepted_at: now,
        decision_note: req.note ?? null,
        reply_due_at: new Date(now.getTime() + this.env.PETITION_REPLY_DAYS * DAY),
      });
    });
  }

  reject(actor: Actor, req: RejectPetition.Request) {
    return this.transition(actor, req.id, 'reject', [PetitionState.Received], async (m, row, owner) => {
      await this.repo.update(m, row.id, { ...owner, state: PetitionState.NotAccepted, accepted_at: null, decision_note: req.reason });
      if (row.incident_id) await this.emitCase(m, actor, row, CASES.handled, `不予受理：${req.reason}`);
    });
  }

  extend(actor: Actor, req: ExtendPetition.Request) {
    return this.transition(actor, req.id, 'extend', [PetitionState.Accepted], async (m, row, owner) => {
      if (row.extended_days > 0) {
        throw new AppError(PetitionsErrorCode.AlreadyExtended, `Petition ${row.ref} was already extended by ${row.extended_days} days; a limit is extended once`);
      }
      if (req.days > this.env.PETITION_MAX_EXTENSION_DAYS) {
        throw AppError.validation([{ field: 'days', messages: [`days must be at most ${this.env.PETITION_MAX_EXTENSION_DAYS}`] }]);
      }
      await this.repo.update(m, row.id, {
        ...owner,
        extended_days: req.days,
        extension_reason: req.reason,
        reply_due_at: new Date(new Date(row.reply_due_at!).getTime() + req.days * DAY),
      });
    });
  }

  reply(actor: Actor, req: ReplyPetition.Request) {
    return this.transition(actor, req.id, 'reply', [PetitionState.Accepted], async (m, row, owner) => {
      const now = new Date();
      const onTime = now.getTime() <= new Date(row.reply_due_at!).getTime();
      const against = req.complaintVerifiedAgainstId ?? null;
      await this.repo.update(m, row.id, { ...owner, state: PetitionState.Replied, replied_at: now, reply: req.reply, reply_on_time: onTime, complaint_verified_against_id: against });
      if (against) {
        await this.outbox.add(m, {
          type: PetitionsEvents.ComplaintVerified,
          gridPath: row.grid_path,
          data: { complaintId: row.id, ref: row.ref, personId: against, gridPath: row.grid_path, verifiedAt: now.toISOString() },
        });
      }
      await this.outbox.add(m, {
        type: PetitionsEvents.PetitionReplied,
        gridPath: row.grid_path,
        data: {
          petitionId: row.id,
          ref: row.ref,
          gridPath: row.grid_path,
          ownerId: (owner.owner_id as string | undefined) ?? row.owner_id,
          repliedAt: now.toISOString(),
          dueAt: new Date(row.reply_due_at!).toISOString(),
          onTime,
          incidentId: row.incident_id,
        },
      });
      if (row.incident_id) await this.emitCase(m, actor, row, CASES.handled, req.reply);
    });
  }

  close(actor: Actor, req: ClosePetition.Request) {
    return this.transition(actor, req.id, 'close', [PetitionState.Replied, PetitionState.NotAccepted], async (m, row, owner) => {
      await this.repo.update(m, row.id, { ...owner, state: PetitionState.Closed, closed_at: new Date() });
      if (row.incident_id) {
        const replied = row.state === PetitionState.Replied;
        // not accepted (不予受理): the reason given says whose matter it is
        await this.emitCase(m, actor, row, CASES.closed, req.note ?? (replied ? null : row.decision_note), replied ? 'fixed' : 'not_responsible');
      }
    });
  }

  /** 移交: recorded with both names; only the current owner (or the command) hands over. */
  handover(actor: Actor, req: HandoverPetition.Request) {
    const open = [PetitionState.Received, PetitionState.Accepted, PetitionState.NotAccepted, PetitionState.Replied];
    return this.transition(actor, req.id, 'hand over', open, async (m, row) => {
      if (row.owner_id === req.toId) {
        throw new AppError(CommonErrorCode.Conflict, `${req.toName} already owns petition ${row.ref}`, { field: 'toId' });
      }
      await this.repo.addHandover(m, {
        petitionId: row.id,
        fromId: row.owner_id ?? actor.id,
        fromName: row.owner_name ?? actorName(actor),
        toId: req.toId,
        toName: req.toName,
        reason: req.reason,
      });
      await this.repo.update(m, row.id, { owner_id: req.toId, owner_name: req.toName });
    });
  }

  /** 退回: a dispatched petition that is not the group's goes back to the office, before acceptance. */
  return(actor: Actor, req: ReturnPetition.Request) {
    return this.transition(actor, req.id, 'return', [PetitionState.Received], async (m, row, owner) => {
      if (!row.incident_id) throw AppError.illegalTransition('petition not dispatched by the office', row.state, 'return');
      await this.repo.update(m, row.id, { ...owner, state: PetitionState.Returned, decision_note: req.reason, closed_at: new Date() });
      await this.emitCase(m, actor, row, CASES.returned, req.reason);
    });
  }

  async reveal(actor: Actor, req: RevealPetition.Request): Promise<RevealPetition.Reply> {
    requireReveal(actor);
    const row = await this.visible(actor, req.id);
    return this.identity.reveal(actor, { type: IdentitySubject.Petition, id: row.id, fields: ['name', 'idNumber', 'phone'] }, req.reason, () => ({
      id: row.id,
      petitioner: this.identity.plain({ name: row.petitioner_name, idNumber: row.petitioner_id_number, phone: row.petitioner_phone }),
    }));
  }

  // ---- internals ----

  private async visible(actor: Actor, id: string): Promise<PetitionRow> {
    return visibleRow(await this.repo.get(id), actor, () => notFound(id));
  }

  /**
   * One state change in one transaction with its events: locks the row, checks state, scope and
   * first-inquiry ownership. A group member acting on an unowned (dispatched) petition becomes its owner.
   */
  private async transition(
    actor: Actor,
    id: string,
    action: string,
    from: PetitionState[],
    apply: (m: EntityManager, row: PetitionRow, ownerPatch: Record<string, unknown>) => Promise<void>,
  ): Promise<PetitionDetail> {
    ensure(mayManage(actor), `${action} petitions`);
    await changeState(this.ds, actor, { entity: 'petition', action, from, lock: (m) => this.repo.get(id, m, true), notFound: () => notFound(id) }, async (m, row) => {
      let ownerPatch: Record<string, unknown> = {};
      if (!row.owner_id) {
        if (actor.role !== Role.Admin) ownerPatch = { owner_id: actor.id, owner_name: actorName(actor) };
      } else if (row.owner_id !== actor.id && !mayCommand(actor)) {
        throw new AppError(PetitionsErrorCode.NotOwner, `Petition ${row.ref} is owned by ${row.owner_name} (首问责任人); ask for a hand-over`, {
          ownerId: row.owner_id,
          ownerName: row.owner_name,
        });
      }
      await apply(m, row, ownerPatch);
    });
    return this.detail(id);
  }

  private async detail(id: string): Promise<PetitionDetail> {
    const row = await this.repo.get(id);
    if (!row) throw notFound(id);
    const [handovers, chain] = await Promise.all([this.repo.handovers(id), this.repo.chain(row.repeat_of_id ?? row.id)]);
    return {
      ...toPetitionView(row, this.identity),
      handovers: handovers.map((h) => ({
        from: { id: h.from_id ?? '', name: h.from_name },
        to: { id: h.to_id, name: h.to_name },
        reason: h.reason,
        at: new Date(h.at).toISOString(),
      })),
      chain: chain
        .filter((c) => c.id !== id)
        .map((c) => ({ id: c.id, ref: c.ref, receivedAt: new Date(c.received_at).toISOString(), state: c.state as PetitionState })),
    };
  }

  private async emitReceived(m: EntityManager, id: string): Promise<void> {
    const row = (await this.repo.get(id, m))!;
    await this.outbox.add(m, {
      type: PetitionsEvents.PetitionReceived,
      gridPath: row.grid_path,
      data: {
        petitionId: row.id,
        ref: row.ref,
        channel: row.channel as PetitionChannel,
        matter: row.matter,
        keyArea: row.key_area,
        gridPath: row.grid_path,
        headcount: row.headcount,
        collective: row.collective,
        repeat: row.repeat_of_id !== null,
        incidentId: row.incident_id,
        ownerId: row.owner_id,
        receivedAt: new Date(row.received_at).toISOString(),
        gridId: row.grid_id,
        receivedById: row.received_by_id,
      },
    });
  }

  private caseData(row: PetitionRow, actor: Actor | null, note: string | null, closureType: string | null = null): UnitCaseEventData {
    return {
      unit: Unit.Petitions,
      incidentId: row.incident_id,
      caseId: row.id,
      caseType: 'petition',
      caseRef: row.ref,
      byId: actor?.id ?? null,
      note,
      closureType,
    };
  }

  private async emitCase(m: EntityManager, actor: Actor, row: PetitionRow, type: UnitCaseEventType<typeof Unit.Petitions>, note: string | null, closureType: string | null = null) {
    await this.outbox.add(m, { type, gridPath: row.grid_path, actorId: actor.id, data: this.caseData(row, actor, note, closureType) });
  }
}
