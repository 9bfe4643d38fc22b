import { Injectable } from '@nestjs/common';
import {
  DISPATCH_PARTY_STATE_LABELS,
  DISPATCH_ROLE_LABELS,
  DispatchPartyDto,
  DispatchPartyState,
  DispatchPartyView,
  DispatchRole,
  FieldError,
  IncidentAction,
  IncidentActionBody,
  UNIT_LABELS,
  Unit,
} from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { EntityManager } from 'typeorm';
import { rowIso } from '@grid122/persistence';
import { IncidentPatch, IncidentRow } from '../incident/incident.row';
import { DispatchPartyRepository, PartyRow } from './dispatch-party.repository';

/** A unit of "122" or a department: who a party is. */
export interface Party {
  unit?: Unit | null;
  departmentId?: string | null;
}

/** 综合执法队, or 部门 <id>: the party's name in the history (Chinese words). */
export function partyName(p: Party): string {
  return p.unit ? UNIT_LABELS[p.unit].zh : `部门 ${p.departmentId}`;
}

const same = (a: Party, b: Party): boolean => (!!a.unit && a.unit === b.unit) || (!!a.departmentId && a.departmentId === b.departmentId);

/**
 * Joint dispatch (联合派遣): one lead (主办) and any number of assisting units or departments (协办),
 * each with its own acceptance (签收) and feedback (反馈), kept in `office.dispatch_parties` (one
 * row per party and dispatch round). The incident keeps its current assists in `assist_units` /
 * `assist_department_ids` so they see the case and act on it.
 *
 * - The lead's accept is the incident's accept; its handle is the incident's handle: the case is
 *   handled when the lead reports done, whether or not every assist has reported (the ones that
 *   have not are named in the handle's history entry; they may still report until closure).
 * - An assist's accept, handle (its feedback) and return change its own party only, with a
 *   history entry and an `office.incident.assisted` event; the incident's state does not move.
 * - The lead's return takes the whole dispatch back (every party returned, the assists lose sight).
 * - A dispatch naming a unit and a department without assists keeps the rule of 首问负责: the first
 *   to accept leads and the other becomes its assist.
 */
@Injectable()
export class JointDispatchService {
  constructor(private readonly repo: DispatchPartyRepository) {}

  /** The parties a dispatch names (leads first), or 400 naming the field. */
  partiesOf(body: IncidentActionBody): { leads: Party[]; assists: Party[] } {
    const leads: Party[] = [];
    if (body.unit) leads.push({ unit: body.unit });
    if (body.departmentId) leads.push({ departmentId: body.departmentId });
    const assists = body.assists ?? [];
    const problems: FieldError[] = [];
    if (assists.length > 0 && leads.length !== 1) {
      problems.push({ field: 'unit', messages: ['with assists (协办) name exactly one lead (主办): unit or departmentId'] });
    }
    const seen: Party[] = [...leads];
    assists.forEach((a: DispatchPartyDto, i) => {
      if (!!a.unit === !!a.departmentId) problems.push({ field: `assists.${i}`, messages: ['each assist names one unit or one departmentId'] });
      else if (seen.some((s) => same(s, a))) problems.push({ field: `assists.${i}`, messages: [`${partyName(a)} is named twice in this dispatch`] });
      seen.push(a);
    });
    if (problems.length > 0) throw AppError.validation(problems);
    return { leads, assists: assists.map((a) => (a.unit ? { unit: a.unit } : { departmentId: a.departmentId })) };
  }

  /** Writes a dispatch's parties (a new round) and answers the incident's assist columns. */
  async recordDispatch(m: EntityManager, incidentId: string, parties: { leads: Party[]; assists: Party[] }, now: Date): Promise<Pick<IncidentPatch, 'assist_units' | 'assist_department_ids'>> {
    const rows = [...parties.leads.map((p) => ({ ...p, role: DispatchRole.Lead })), ...parties.assists.map((p) => ({ ...p, role: DispatchRole.Assist }))];
    await this.repo.insertRound(m, incidentId, rows, now);
    return this.assistColumns(parties.assists);
  }

  /** Whether `who` is an assist (not the lead) of the incident's current dispatch. */
  isAssist(row: IncidentRow, who: Party): boolean {
    if ((who.unit && row.lead_unit === who.unit) || (who.departmentId && row.lead_department_id === who.departmentId)) return false;
    return (!!who.unit && (row.assist_units ?? []).includes(who.unit)) || (!!who.departmentId && (row.assist_department_ids ?? []).includes(who.departmentId));
  }

  /**
   * An assist's own accept, feedback or return: its party changes, the incident's state does not.
   * Answers the history note (Chinese words) and the incident columns to change.
   */
  async assistAct(m: EntityManager, row: IncidentRow, action: IncidentAction, body: IncidentActionBody, who: Party, now: Date): Promise<{ note: string; patch: IncidentPatch }> {
    const party = await this.current(m, row.id, who);
    const name = `协办 ${partyName(who)}`;
    if (!party) throw AppError.illegalTransition('dispatch party', 'none', action);
    switch (action) {
      case IncidentAction.Accept:
        if (party.state !== DispatchPartyState.Dispatched) throw AppError.illegalTransition('dispatch party', party.state, action);
        await this.repo.set(m, party.id, { state: DispatchPartyState.Accepted, accepted_at: now });
        return { note: `${name} 已签收${body.note ? `；${body.note}` : ''}`, patch: {} };
      case IncidentAction.Handle:
        if (party.state === DispatchPartyState.Returned) throw AppError.illegalTransition('dispatch party', party.state, action);
        if (!body.result) throw AppError.validation([{ field: 'result', messages: ['result is required to handle (协办反馈)'] }]);
        await this.repo.set(m, party.id, { state: DispatchPartyState.Reported, accepted_at: party.accepted_at ?? now, reported_at: now, feedback: body.result, photos: body.photos ?? [] });
        return { note: `${name} 反馈：${body.result}`, patch: {} };
      case IncidentAction.Return: {
        if (party.state === DispatchPartyState.Returned || party.state === DispatchPartyState.Reported) throw AppError.illegalTransition('dispatch party', party.state, action);
        if (!body.reason) throw AppError.validation([{ field: 'reason', messages: ['reason is required to return'] }]);
        await this.repo.set(m, party.id, { state: DispatchPartyState.Returned });
        const rest = (await this.repo.current(row.id, m)).filter((p) => p.role === DispatchRole.Assist && p.state !== DispatchPartyState.Returned);
        return { note: `${name} 退回协办：${body.reason}`, patch: this.assistColumns(rest.map((p) => ({ unit: p.unit, departmentId: p.department_id }))) };
      }
      default:
        throw AppError.illegalTransition('dispatch party', party.state, action);
    }
  }

  /**
   * The lead accepted. Under 首问负责 (a unit and a department named without assists) the other
   * becomes the assist: its party's role changes and it joins the incident's assists.
   */
  async leadAccepted(m: EntityManager, row: IncidentRow, lead: Party, now: Date): Promise<IncidentPatch> {
    const parties = await this.repo.current(row.id, m);
    const mine = parties.find((p) => same({ unit: p.unit, departmentId: p.department_id }, lead));
    if (mine) await this.repo.set(m, mine.id, { role: DispatchRole.Lead, state: DispatchPartyState.Accepted, accepted_at: now });
    const others = parties.filter((p) => p !== mine && p.role === DispatchRole.Lead);
    for (const o of others) await this.repo.set(m, o.id, { role: DispatchRole.Assist });
    if (others.length === 0) return {};
    const assists = parties.filter((p) => p !== mine && p.state !== DispatchPartyState.Returned).map((p) => ({ unit: p.unit, departmentId: p.department_id }));
    return this.assistColumns(assists);
  }

  /** The lead reported done: its party is reported; answers the assists that have not (named in the history). */
  async leadHandled(m: EntityManager, row: IncidentRow, lead: Party, body: IncidentActionBody, now: Date): Promise<string[]> {
    const parties = await this.repo.current(row.id, m);
    const mine = parties.find((p) => p.role === DispatchRole.Lead && same({ unit: p.unit, departmentId: p.department_id }, lead));
    if (mine) await this.repo.set(m, mine.id, { state: DispatchPartyState.Reported, accepted_at: mine.accepted_at ?? now, reported_at: now, feedback: body.result ?? null, photos: body.photos ?? [] });
    return parties
      .filter((p) => p.role === DispatchRole.Assist && (p.state === DispatchPartyState.Dispatched || p.state === DispatchPartyState.Accepted))
      .map((p) => partyName({ unit: p.unit, departmentId: p.department_id }));
  }

  /** The lead (or the only party) returned the case: the whole dispatch is returned; the assists lose sight of it. */
  async dispatchReturned(m: EntityManager, row: IncidentRow): Promise<IncidentPatch> {
    await this.repo.returnRound(m, row.id);
    return { assist_units: [], assist_department_ids: [] };
  }

  /** The current dispatch's parties, leads first, for the incident's view. */
  async parties(incidentId: string, m?: EntityManager): Promise<DispatchPartyView[]> {
    return (await this.repo.current(incidentId, m)).map((p) => ({
      role: p.role,
      roleLabel: DISPATCH_ROLE_LABELS[p.role],
      unit: p.unit,
      departmentId: p.department_id,
      name: partyName({ unit: p.unit, departmentId: p.department_id }),
      state: p.state,
      stateLabel: DISPATCH_PARTY_STATE_LABELS[p.state],
      acceptedAt: rowIso(p.accepted_at),
      reportedAt: rowIso(p.reported_at),
      feedback: p.feedback,
      photos: p.photos ?? [],
      dispatchedAt: rowIso(p.dispatched_at)!,
    }));
  }

  private assistColumns(assists: Party[]): Pick<IncidentPatch, 'assist_units' | 'assist_department_ids'> {
    return {
      assist_units: assists.filter((a) => a.unit).map((a) => a.unit!),
      assist_department_ids: assists.filter((a) => a.departmentId).map((a) => a.departmentId!),
    };
  }

  private async current(m: EntityManager, incidentId: string, who: Party): Promise<PartyRow | undefined> {
    return (await this.repo.current(incidentId, m)).find((p) => same({ unit: p.unit, departmentId: p.department_id }, who));
  }
}
