import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  Actor,
  AddDisputeParty,
  CloseDispute,
  DisputePartyView,
  DisputeOpenedData,
  DisputeSettledData,
  DisputeState,
  DisputeType,
  DisputeView,
  GetDispute,
  IdentitySubject,
  IncidentEventData,
  ListDisputes,
  MediatorKind,
  OpenDispute,
  PetitionsErrorCode,
  PetitionsEvents,
  PetitionsMediatorInput,
  RecordMediationSession,
  ReturnDispute,
  RevealDispute,
  SessionResult,
  SettledLevel,
  Unit,
  UNIT_CASE_EVENTS,
  UnitCaseEventData,
  UnitCaseEventType,
} from '@grid122/contracts';
import { AppError, OutboxWriter } from '@grid122/messaging';
import { rowIso } from '@grid122/persistence';
import { actorName, mayRead, mayWorkOnGrid, readScope, ensure, requireInScope, requireReveal } from '../identity/access.policy';
import { IdentityService } from '../identity/identity.service';
import { changeState, visibleRow } from '../shared/row-access';
import { DisputeRepository, DisputeRow, PartyRow, SessionRow } from './dispute.repository';

const CASES = UNIT_CASE_EVENTS[Unit.Petitions];
const notFound = (id: string) => new AppError(PetitionsErrorCode.DisputeNotFound, `Dispute ${id} not found`, { id });
const mediatorOf = (m: PetitionsMediatorInput) => ({ kind: m.kind, name: m.name, accountId: m.accountId ?? null });

/**
 * Dispute mediation (矛盾纠纷调处): parties, mediators, sessions, and the outcome — an agreement
 * with its terms and the level where it was settled (小事不出网格), or failure and referral.
 */
@Injectable()
export class DisputeService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: DisputeRepository,
    private readonly identity: IdentityService,
    private readonly outbox: OutboxWriter,
  ) {}

  async open(actor: Actor, req: OpenDispute.Request): Promise<DisputeView> {
    ensure(mayWorkOnGrid(actor), 'open dispute cases');
    requireInScope(actor, req.gridPath);
    const id = await this.ds.transaction(async (m) => {
      const now = new Date();
      const id = await this.repo.insert(m, {
        ref: await this.repo.nextRef(m, now),
        type: req.type,
        summary: req.summary,
        gridPath: req.gridPath,
        gridId: req.gridId ?? null,
        mediators: (req.mediators ?? []).map(mediatorOf),
        incidentId: null,
        openedById: actor.id,
        openedByName: actorName(actor),
      });
      for (const [i, p] of req.parties.entries()) {
        const s = this.identity.protect(p);
        await this.repo.addParty(m, id, { side: p.side ?? (i === 0 ? 'applicant' : 'respondent'), name: s.name!, idNumber: s.idNumber, phone: s.phone, hash: s.hash });
      }
      // Into the office's key-area ledger (信访稳定), once: the office links it back by dispatch.
      const row = (await this.repo.get(id, m))!;
      await this.outbox.add(m, {
        type: PetitionsEvents.DisputeOpened,
        gridPath: row.grid_path,
        actorId: actor.id,
        data: { disputeId: id, ref: row.ref, type: row.type, gridPath: row.grid_path, gridId: row.grid_id, incidentId: null, openedById: actor.id, openedAt: new Date(row.opened_at).toISOString() },
      });
      return id;
    });
    return this.view(id);
  }

  /** A dispute category dispatched by the office opens a dispute case; parties are added once known. */
  async openFromIncident(m: EntityManager, d: IncidentEventData, type: DisputeType, actorId: string | null): Promise<string | null> {
    if (await this.repo.findOpenByIncident(m, d.incidentId)) return null;
    const now = new Date();
    const ref = await this.repo.nextRef(m, now);
    const id = await this.repo.insert(m, {
      ref,
      type,
      summary: [d.title, d.address].filter(Boolean).join(' — ') || d.code,
      gridPath: d.gridPath,
      gridId: d.gridId,
      mediators: [],
      incidentId: d.incidentId,
      openedById: null,
      openedByName: '指挥中心派遣',
    });
    await this.outbox.add(m, {
      type: CASES.opened,
      gridPath: d.gridPath,
      actorId,
      data: { unit: Unit.Petitions, incidentId: d.incidentId, caseId: id, caseType: 'dispute', caseRef: ref, byId: null, note: `纠纷 ${ref} 已受理` },
    });
    return id;
  }

  /** The office took the group's own case into its ledger (office-dispatch consumer): link it. */
  linkIncident(m: EntityManager, id: string, incidentId: string): Promise<boolean> {
    return this.repo.linkIncident(m, id, incidentId);
  }

  async list(actor: Actor, req: ListDisputes.Request): Promise<ListDisputes.Reply> {
    ensure(mayRead(actor), 'read disputes');
    const limit = req.limit ?? 50;
    const offset = req.offset ?? 0;
    const { rows, total } = await this.repo.list({ scope: readScope(actor, req.gridPath), state: req.state, type: req.type, limit, offset });
    return { items: await this.views(rows), total, limit, offset };
  }

  async get(actor: Actor, req: GetDispute.Request): Promise<DisputeView> {
    ensure(mayRead(actor), 'read disputes');
    await this.visible(actor, req.id);
    return this.view(req.id);
  }

  addParty(actor: Actor, req: AddDisputeParty.Request) {
    return this.transition(actor, req.id, 'add a party to', [DisputeState.Open, DisputeState.Mediating], async (m, row) => {
      const s = this.identity.protect(req);
      await this.repo.addParty(m, row.id, { side: req.side ?? 'third_party', name: s.name!, idNumber: s.idNumber, phone: s.phone, hash: s.hash });
    });
  }

  recordSession(actor: Actor, req: RecordMediationSession.Request) {
    return this.transition(actor, req.id, 'record a session of', [DisputeState.Open, DisputeState.Mediating], async (m, row) => {
      const heldAt = new Date(req.heldAt);
      if (heldAt.getTime() > Date.now() + 5 * 60_000) throw AppError.validation([{ field: 'heldAt', messages: ['heldAt cannot be in the future'] }]);
      const mediators = req.mediators.map(mediatorOf);
      const known = new Set(row.mediators.map((x) => `${x.kind}:${x.name}`));
      const merged = [...row.mediators, ...mediators.filter((x) => !known.has(`${x.kind}:${x.name}`))];
      await this.repo.addSession(m, { disputeId: row.id, heldAt, place: req.place ?? null, mediators, summary: req.summary, result: req.result, byId: actor.id, byName: actorName(actor) });
      if (req.result === SessionResult.Continued) {
        await this.repo.update(m, row.id, { state: DisputeState.Mediating, mediators: merged });
        return;
      }
      if (req.result === SessionResult.Agreement) {
        const parties = await this.repo.parties([row.id], m);
        if (parties.length < 2) {
          throw new AppError(PetitionsErrorCode.NotEnoughParties, `An agreement needs two or more parties; dispute ${row.ref} has ${parties.length}`, { parties: parties.length });
        }
        await this.repo.update(m, row.id, {
          state: DisputeState.Settled,
          mediators: merged,
          agreement_terms: req.agreementTerms,
          settled_level: req.settledLevel,
          settled_at: heldAt,
        });
        const sessions = (await m.query(`SELECT count(*)::int AS n FROM petitions.dispute_sessions WHERE dispute_id = $1`, [row.id]))[0].n as number;
        await this.outbox.add(m, {
          type: PetitionsEvents.DisputeSettled,
          gridPath: row.grid_path,
          data: {
            disputeId: row.id,
            ref: row.ref,
            type: row.type,
            gridPath: row.grid_path,
            level: req.settledLevel as SettledLevel,
            settledAt: heldAt.toISOString(),
            sessions,
            incidentId: row.incident_id,
          },
        });
        if (row.incident_id) await this.emitCase(m, actor, row, CASES.handled, `调解成功（${req.settledLevel}）：${req.agreementTerms}`);
        return;
      }
      await this.repo.update(m, row.id, { state: DisputeState.Referred, mediators: merged, failure_reason: req.failureReason, referred_to: req.referredTo });
      if (row.incident_id) await this.emitCase(m, actor, row, CASES.handled, `调解不成，已转${req.referredTo}：${req.failureReason}`);
    });
  }

  close(actor: Actor, req: CloseDispute.Request) {
    return this.transition(actor, req.id, 'close', [DisputeState.Settled, DisputeState.Referred], async (m, row) => {
      await this.repo.update(m, row.id, { state: DisputeState.Closed, closed_at: new Date(), close_note: req.note ?? null });
      if (row.incident_id) {
        const settled = row.state === DisputeState.Settled;
        await this.emitCase(m, actor, row, CASES.closed, req.note ?? null, settled ? 'fixed' : 'referred', settled ? row.settled_level : null);
      }
    });
  }

  return(actor: Actor, req: ReturnDispute.Request) {
    return this.transition(actor, req.id, 'return', [DisputeState.Open], async (m, row) => {
      if (!row.incident_id) throw AppError.illegalTransition('dispute not dispatched by the office', row.state, 'return');
      await this.repo.update(m, row.id, { state: DisputeState.Returned, closed_at: new Date(), close_note: req.reason });
      await this.emitCase(m, actor, row, CASES.returned, req.reason);
    });
  }

  async reveal(actor: Actor, req: RevealDispute.Request): Promise<RevealDispute.Reply> {
    requireReveal(actor);
    const row = await this.visible(actor, req.id);
    return this.identity.reveal(actor, { type: IdentitySubject.Dispute, id: row.id, fields: ['parties.name', 'parties.idNumber', 'parties.phone'] }, req.reason, async (m) => {
      const parties = await this.repo.parties([row.id], m);
      return { id: row.id, parties: parties.map((p) => ({ id: p.id, side: p.side, identity: this.identity.plainRow(p) })) };
    });
  }

  // ---- internals ----

  private async visible(actor: Actor, id: string): Promise<DisputeRow> {
    return visibleRow(await this.repo.get(id), actor, () => notFound(id));
  }

  private async transition(actor: Actor, id: string, action: string, from: DisputeState[], apply: (m: EntityManager, row: DisputeRow) => Promise<void>): Promise<DisputeView> {
    ensure(mayWorkOnGrid(actor), `${action} disputes`);
    await changeState(this.ds, actor, { entity: 'dispute', action, from, lock: (m) => this.repo.get(id, m, true), notFound: () => notFound(id) }, apply);
    return this.view(id);
  }

  private async emitCase(m: EntityManager, actor: Actor, row: DisputeRow, type: UnitCaseEventType<typeof Unit.Petitions>, note: string | null, closureType: string | null = null, resolutionLevel: string | null = null) {
    await this.outbox.add(m, {
      type,
      gridPath: row.grid_path,
      actorId: actor.id,
      data: { unit: Unit.Petitions, incidentId: row.incident_id, caseId: row.id, caseType: 'dispute', caseRef: row.ref, byId: actor.id, note, closureType, ...(resolutionLevel ? { resolutionLevel } : {}) },
    });
  }

  private async view(id: string): Promise<DisputeView> {
    const row = await this.repo.get(id);
    if (!row) throw notFound(id);
    return (await this.views([row]))[0];
  }

  private async views(rows: DisputeRow[]): Promise<DisputeView[]> {
    const ids = rows.map((r) => r.id);
    const [parties, sessions] = await Promise.all([this.repo.parties(ids), this.repo.sessions(ids)]);
    const by = <T extends { dispute_id: string }>(xs: T[]) => xs.reduce((acc, x) => acc.set(x.dispute_id, [...(acc.get(x.dispute_id) ?? []), x]), new Map<string, T[]>());
    const p = by<PartyRow>(parties);
    const s = by<SessionRow>(sessions);
    return rows.map((r) => ({
      id: r.id,
      ref: r.ref,
      type: r.type as DisputeType,
      summary: r.summary,
      gridPath: r.grid_path,
      gridId: r.grid_id,
      state: r.state as DisputeState,
      parties: (p.get(r.id) ?? []).map((x): DisputePartyView => ({ id: x.id, side: x.side, identity: this.identity.maskedRow(x) })),
      mediators: r.mediators.map((x) => ({ kind: x.kind as MediatorKind, name: x.name, accountId: x.accountId ?? null })),
      sessions: (s.get(r.id) ?? []).map((x) => ({
        id: x.id,
        heldAt: new Date(x.held_at).toISOString(),
        place: x.place,
        mediators: x.mediators.map((y) => ({ kind: y.kind as MediatorKind, name: y.name, accountId: y.accountId ?? null })),
        summary: x.summary,
        result: x.result as SessionResult,
        recordedBy: x.recorded_by_name,
      })),
      agreementTerms: r.agreement_terms,
      settledLevel: r.settled_level as SettledLevel | null,
      settledAt: rowIso(r.settled_at),
      failureReason: r.failure_reason,
      referredTo: r.referred_to,
      incidentId: r.incident_id,
      openedBy: r.opened_by_name,
      openedAt: rowIso(r.opened_at)!,
      closedAt: rowIso(r.closed_at),
    }));
  }
}
