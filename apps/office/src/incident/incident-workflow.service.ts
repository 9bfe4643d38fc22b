import { Injectable } from '@nestjs/common';
import {
  Actor,
  ClosureType,
  CommonErrorCode,
  EventType,
  FieldError,
  IncidentAction,
  IncidentActionBody,
  IncidentEventData,
  IncidentState,
  IncidentView,
  OfficeErrorCode,
  OfficeEvents,
  ResolutionLevel,
  Role,
  TransitionIncident,
  UNIT_LABELS,
  Unit,
} from '@grid122/contracts';
import { AppError, OutboxWriter } from '@grid122/messaging';
import { isSolvedClosure, reopenIsRework } from '@grid122/metrics';
import { isWithinScope } from '@grid122/access';
import { transactionWithRetry } from '@grid122/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { isWorkingUnit, LimitUnit } from '../clock/time-limit';
import { OfficeEnv } from '../config/office.env';
import { JointDispatchService, Party, partyName } from '../joint/joint-dispatch.service';
import { completionReply } from '../satisfaction/completion-reply';
import { CounterDeltas, StatsRepository } from '../stats/stats.repository';
import { Reclassifier } from '../triage/reclassifier';
import { byDoer, Doer, doerOf, isVisible, visibleOr404 } from './incident-access';
import { IncidentClockService } from './incident-clock.service';
import { IncidentEventBuilder } from './incident-events';
import { IncidentQueryService } from './incident-query.service';
import { ActorKind, decide, TRANSITIONS } from './incident-state-machine';
import { IncidentRepository } from './incident.repository';
import { IncidentPatch, IncidentRow } from './incident.row';
import { PhotoStore } from './photo-store';

const EVENT_OF = {
  [IncidentAction.Register]: OfficeEvents.IncidentRegistered,
  [IncidentAction.Reject]: OfficeEvents.IncidentRejected,
  [IncidentAction.Dispatch]: OfficeEvents.IncidentDispatched,
  [IncidentAction.Accept]: OfficeEvents.IncidentAccepted,
  [IncidentAction.Return]: OfficeEvents.IncidentReturned,
  [IncidentAction.Suspend]: OfficeEvents.IncidentSuspended,
  [IncidentAction.Resume]: OfficeEvents.IncidentResumed,
  [IncidentAction.Extend]: OfficeEvents.IncidentExtended,
  [IncidentAction.Handle]: OfficeEvents.IncidentHandled,
  [IncidentAction.Verify]: OfficeEvents.IncidentVerified,
  [IncidentAction.Rework]: OfficeEvents.IncidentReworked,
  [IncidentAction.Close]: OfficeEvents.IncidentClosed,
  [IncidentAction.Escalate]: OfficeEvents.IncidentEscalated,
  [IncidentAction.Reopen]: OfficeEvents.IncidentReopened,
  [IncidentAction.Merge]: OfficeEvents.IncidentMerged,
  [IncidentAction.Unmerge]: OfficeEvents.IncidentUnmerged,
} as const satisfies Record<IncidentAction, EventType>;

const RESOLUTION_COUNTER = {
  [ResolutionLevel.Grid]: 'res_grid',
  [ResolutionLevel.Community]: 'res_community',
  [ResolutionLevel.Street]: 'res_street',
  [ResolutionLevel.District]: 'res_district',
} as const;

/**
 * The ledger's workflow (派遣, 处置, 核查, 结案 …): one action on a locked row — who may, from which
 * state, what changes, the counters, the history entry and the event — in one transaction; the
 * assists' (协办) own steps, duplicates following their original, the district's decisions, and
 * notes on the history.
 */
@Injectable()
export class IncidentWorkflowService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: IncidentRepository,
    private readonly stats: StatsRepository,
    private readonly clock: IncidentClockService,
    private readonly outbox: OutboxWriter,
    private readonly photos: PhotoStore,
    private readonly env: OfficeEnv,
    private readonly joint: JointDispatchService,
    private readonly reclassifier: Reclassifier,
    private readonly events: IncidentEventBuilder,
    private readonly queries: IncidentQueryService,
  ) {}

  async transition(actor: Actor, req: TransitionIncident.Request): Promise<IncidentView> {
    if (req.photos?.length) await this.photos.require(req.photos, 'photos');
    return transactionWithRetry(this.ds, async (m) => {
      const locked = visibleOr404(actor, await this.repo.lock(m, req.incidentId), req.incidentId);
      if (req.photos?.length) await this.checkPhotoQuota(m, locked, req.photos.length);
      const doer = doerOf(actor);
      const row = await this.triageAtRegistration(m, locked, req, doer);
      const updated = await this.applyIn(m, row, req.action, req, doer);
      return this.queries.detail(actor, updated, m);
    });
  }


  /**
   * 筛选分类 at registration: `register` may carry the key area and category the centre settles on;
   * the change is recorded first (its own history entry, counters moved), then the registration.
   * Other actions do not take them.
   */
  private async triageAtRegistration(m: EntityManager, row: IncidentRow, req: TransitionIncident.Request, doer: Doer): Promise<IncidentRow> {
    if (!req.keyArea && !req.category) return row;
    if (req.action !== IncidentAction.Register) {
      throw AppError.validation([{ field: req.category ? 'category' : 'keyArea', messages: ['keyArea and category are set at register, or later with POST /api/v1/incidents/{id}/reclassify'] }]);
    }
    if (!doer.actor || !this.kindsOf(doer.actor, row).has('commander')) throw AppError.forbidden(`Role ${doer.role} may not register incident ${row.code}`);
    if (row.state !== IncidentState.Reported) throw AppError.illegalTransition('incident', row.state, IncidentAction.Register);
    return this.reclassifier.classifyIn(m, row, req, req.note ?? null, doer, (u, extra) => this.events.eventData(u, row.state, doer, extra));
  }

  /**
   * One action on a locked row: who may, from which state (the pure table), what changes, the
   * counters, the history entry and the event — all in the caller's transaction.
   */
  async applyIn(m: EntityManager, row: IncidentRow, action: IncidentAction, body: IncidentActionBody, doer: Doer): Promise<IncidentRow> {
    const rule = TRANSITIONS[action];
    const now = new Date();
    if (doer.actor) {
      const kinds = this.kindsOf(doer.actor, row);
      if (!rule.by.some((k) => kinds.has(k))) {
        const assigneeAction = rule.by.includes('assignee') && (doer.actor.role === Role.UnitMember || doer.actor.role === Role.DepartmentLiaison);
        throw assigneeAction
          ? new AppError(OfficeErrorCode.NotAssignee, `Incident ${row.code} is not dispatched to you`, { action })
          : AppError.forbidden(`Role ${doer.actor.role} may not ${action} incident ${row.code}`);
      }
    }
    this.requireFields(action, body);
    if (action === IncidentAction.Accept || action === IncidentAction.Handle || action === IncidentAction.Return) {
      const self = this.assigneeOf(doer, row);
      if (this.joint.isAssist(row, self)) return this.assistIn(m, row, action, body, doer, self, now);
    }

    const decision = decide(row.state, action, { suspendedFrom: row.suspended_from, hasLead: !!(row.lead_unit || row.lead_department_id), closureType: body.closureType });
    if (!decision.ok) {
      if (decision.reason === 'fixed_needs_verification') {
        throw new AppError(CommonErrorCode.IllegalTransition, `Cannot close incident ${row.code} as fixed in state "${row.state}": the grid must verify it first`, { currentState: row.state, action });
      }
      throw AppError.illegalTransition('incident', row.state, action);
    }
    let to = decision.to;
    const category = (await this.clock.category(row.category))!;
    const patch: IncidentPatch = {};
    const deltas: CounterDeltas = {};
    let note = body.reason ?? body.note ?? null;
    const extra: Partial<IncidentEventData> = {};

    switch (action) {
      case IncidentAction.Register:
        patch.registered_at = now;
        deltas.registered = 1;
        break;
      case IncidentAction.Reject:
        deltas.rejected = 1;
        break;
      case IncidentAction.Dispatch: {
        const parties = this.joint.partiesOf(body);
        Object.assign(patch, await this.joint.recordDispatch(m, row.id, parties, now));
        patch.unit = body.unit ?? null;
        patch.department_id = body.departmentId ?? null;
        patch.lead_unit = null;
        patch.lead_department_id = null;
        patch.dispatched_at = row.dispatched_at ?? now;
        const assistNames = parties.assists.map(partyName);
        note = [
          body.unit ? `派遣 ${UNIT_LABELS[body.unit].zh}` : null,
          body.departmentId ? `派遣部门 ${body.departmentId}` : null,
          assistNames.length ? `主办 ${partyName(parties.leads[0])}，协办 ${assistNames.join('、')}` : null,
          body.note,
        ].filter(Boolean).join('; ');
        break;
      }
      case IncidentAction.Accept: {
        const self = this.assigneeOf(doer, row);
        const hasLead = row.lead_unit || row.lead_department_id;
        const isLead = (self.unit && row.lead_unit === self.unit) || (self.departmentId && row.lead_department_id === self.departmentId);
        if (isLead) throw AppError.illegalTransition('incident', row.state, action);
        if (hasLead) {
          to = row.state; // joins the joint case; the first to accept stays the lead (首问负责)
          note = `联合办理 joined the joint case${note ? `; ${note}` : ''}`;
        } else {
          patch.lead_unit = self.unit ?? null;
          patch.lead_department_id = self.departmentId ?? null;
          Object.assign(patch, await this.joint.leadAccepted(m, row, self, now));
          if (row.assist_units.length || row.assist_department_ids.length || patch.assist_units?.length || patch.assist_department_ids?.length) {
            note = [`主办 ${partyName(self)} 已签收`, note].filter(Boolean).join('; ');
          }
        }
        break;
      }
      case IncidentAction.Return:
        Object.assign(patch, await this.joint.dispatchReturned(m, row));
        patch.unit = null;
        patch.department_id = null;
        patch.lead_unit = null;
        patch.lead_department_id = null;
        break;
      case IncidentAction.Suspend:
        patch.suspended_from = row.state;
        patch.suspensions = [...row.suspensions, { from: now.toISOString(), to: null }];
        break;
      case IncidentAction.Resume:
        patch.suspended_from = null;
        patch.suspensions = row.suspensions.map((s) => (s.to ? s : { ...s, to: now.toISOString() }));
        break;
      case IncidentAction.Extend: {
        const phase = row.dispatched_at ? 'dispose' : 'register_dispatch';
        const limit = phase === 'dispose' ? category.limits.dispose : category.limits.registerDispatch;
        const unit: LimitUnit = body.limitUnit ?? limit.unit;
        if (isWorkingUnit(unit) !== isWorkingUnit(limit.unit) || (unit === 'calendar_days' && !Number.isInteger(body.value))) {
          throw AppError.validation([{ field: 'limitUnit', messages: [`a limit in ${limit.unit} is extended in ${isWorkingUnit(limit.unit) ? 'working_hours or working_days' : 'whole calendar_days'}`] }]);
        }
        patch.extensions = [...row.extensions, { value: body.value!, unit, approvedAt: now.toISOString(), phase }];
        patch.supervised_at = null;
        note = `延期 +${body.value} ${unit}: ${body.reason}`;
        break;
      }
      case IncidentAction.Handle:
        patch.result = body.result!;
        patch.result_photos = body.photos ?? [];
        patch.handled_at = now;
        if (!row.handled_ever) {
          patch.handled_ever = true;
          deltas.handled = 1;
        }
        note = body.result!;
        extra.photos = body.photos ?? [];
        {
          // The case is handled when the lead reports done; assists not yet reported are named (docs/office.md).
          const missing = await this.joint.leadHandled(m, row, this.assigneeOf(doer, row), body, now);
          if (missing.length) note = `${note}; 协办未反馈：${missing.join('、')}`;
        }
        break;
      case IncidentAction.Verify:
        // 处置前后对比: the grid's photos of the place after handling, beside the report's and the result's.
        patch.verification_photos = body.photos ?? [];
        extra.photos = body.photos ?? [];
        break;
      case IncidentAction.Rework:
        patch.rework_count = row.rework_count + 1;
        patch.handled_at = null;
        if (row.rework_count === 0) deltas.reworked = 1;
        break;
      case IncidentAction.Close: {
        // A resolution level only for a solved case: a closure as not ours or not fixable settled nothing (docs/metrics.md).
        const solved = isSolvedClosure(body.closureType!);
        const level = solved ? (body.resolutionLevel ?? this.resolutionLevelOf(row)) : null;
        const onTime = this.clock.onTime(row, category, now);
        patch.closure_type = body.closureType!;
        patch.responsible_party = body.responsibleParty ?? null;
        patch.resolution_level = level;
        patch.on_time = onTime;
        patch.closed_at = now;
        // 办结回复: written by the commander, or composed from the closure and the result (docs/office.md).
        patch.completion_reply = completionReply({ closureType: body.closureType!, result: row.result, responsibleParty: body.responsibleParty, note: body.note ?? body.reason, reply: body.reply });
        patch.satisfaction = null;
        deltas.closed = 1;
        if (level) deltas[RESOLUTION_COUNTER[level]] = 1;
        if (solved) deltas.solved = 1;
        if (onTime) deltas.closed_on_time = 1;
        if (body.closureType === ClosureType.NotResponsible) deltas.misregistered = 1;
        note = [`结案 ${body.closureType}`, body.responsibleParty ? `责任方 ${body.responsibleParty}` : null, body.note ?? body.reason].filter(Boolean).join('; ');
        break;
      }
      case IncidentAction.Escalate:
        patch.escalated_ever = true;
        // While the district holds it the street's clock stands (docs/office.md, the loop upward);
        // a case escalated from a suspension keeps its open suspension.
        if (!row.suspensions.some((s) => !s.to)) patch.suspensions = [...row.suspensions, { from: now.toISOString(), to: null }];
        break;
      case IncidentAction.Merge: {
        // A follower is not a problem of its own: out of found, into duplicates (its cohort's day).
        const original = await this.mergeTarget(m, row, body.originalId!, doer);
        patch.duplicate_of = original.id;
        patch.deadline = null;
        patch.yellow_at = null;
        deltas.found = -1;
        deltas.duplicates = 1;
        extra.duplicateOfId = original.id;
        note = [`合并到 ${original.code} merged into the original`, body.reason ?? body.note].filter(Boolean).join('; ');
        await this.linkFollower(m, original, row, doer, 1, now);
        break;
      }
      case IncidentAction.Unmerge: {
        const original = row.duplicate_of ? await this.repo.lock(m, row.duplicate_of) : undefined;
        patch.duplicate_of = null;
        Object.assign(patch, { closure_type: null, responsible_party: null, closed_at: null });
        deltas.found = 1;
        deltas.duplicates = -1;
        extra.duplicateOfId = original?.id ?? null;
        note = [`撤销合并 ${original ? original.code : ''} unmerged`.trim(), body.reason].filter(Boolean).join('; ');
        if (original) await this.linkFollower(m, original, row, doer, -1, now);
        break;
      }
      case IncidentAction.Reopen: {
        const closedAt = row.closed_at ? new Date(row.closed_at).getTime() : 0;
        if (now.getTime() - closedAt > this.env.OFFICE_REOPEN_DAYS * 86_400_000) {
          throw new AppError(OfficeErrorCode.ReopenWindowPassed, `Incident ${row.code} was closed more than ${this.env.OFFICE_REOPEN_DAYS} days ago`, { closedAt: row.closed_at });
        }
        // Reopening a fixed case is rework (the fix did not hold); reopening a case closed as not
        // ours or not fixable is not: nothing had been handled wrong (docs/metrics.md, 返工率).
        if (reopenIsRework(row.closure_type)) {
          patch.rework_count = row.rework_count + 1;
          if (row.rework_count === 0) deltas.reworked = 1;
        }
        deltas.closed = -1;
        if (row.resolution_level) deltas[RESOLUTION_COUNTER[row.resolution_level]] = -1;
        if (row.closure_type === ClosureType.Fixed) deltas.solved = -1;
        if (row.on_time) deltas.closed_on_time = -1;
        if (row.closure_type === ClosureType.NotResponsible) deltas.misregistered = -1;
        Object.assign(patch, { closure_type: null, responsible_party: null, resolution_level: null, on_time: null, closed_at: null, handled_at: null, completion_reply: null, satisfaction: null });
        break;
      }
    }
    patch.state = to;
    const merged: IncidentRow = { ...row, ...patch } as IncidentRow;
    Object.assign(patch, this.clock.columns(merged, category, now));
    await this.repo.update(m, row.id, patch);
    await this.stats.bump(m, { day: row.stats_day, gridPath: row.grid_path, keyArea: row.key_area }, deltas);
    if (deltas.reworked === 1) extra.firstRework = true;
    if (action === IncidentAction.Handle) extra.firstHandled = deltas.handled === 1;
    // A close keeps its closure type in the entry: the public update feed reports it honestly even after a reopening.
    const data = action === IncidentAction.Close ? { closureType: body.closureType, reply: patch.completion_reply } : photoEntryData(action, body.photos);
    await this.repo.appendHistory(m, row.id, { action, from_state: row.state, to_state: to, ...byDoer(doer), note, at: now, data });
    if (action === IncidentAction.Close || action === IncidentAction.Reopen) await this.followOriginal(m, { ...row, ...patch } as IncidentRow, action, doer, now);
    const updated = (await this.repo.get(row.id, m))!;
    if (action === IncidentAction.Escalate) extra.escalation = this.events.escalation(updated, await this.repo.history(updated.id, m), body.reason!);
    await this.outbox.add(m, { type: EVENT_OF[action], gridPath: row.grid_path, actorId: doer.id, data: this.events.eventData(updated, row.state, doer, { ...extra, action, note }) });
    return updated;
  }

  /** An assist's (协办) own accept, feedback or return: its party, a history entry and an event; the state stays. */
  private async assistIn(m: EntityManager, row: IncidentRow, action: IncidentAction, body: IncidentActionBody, doer: Doer, self: Party, now: Date): Promise<IncidentRow> {
    // An assist works while the case is out with the units, and may still report until closure.
    const open: IncidentState[] = [IncidentState.Dispatched, IncidentState.Accepted, IncidentState.InProgress, IncidentState.Handled, IncidentState.Verified];
    if (!open.includes(row.state)) throw AppError.illegalTransition('incident', row.state, action);
    const { note, patch } = await this.joint.assistAct(m, row, action, body, self, now);
    await this.repo.update(m, row.id, patch);
    await this.repo.appendHistory(m, row.id, { action: `assist_${action}`, from_state: row.state, to_state: row.state, ...byDoer(doer), note, at: now });
    const updated = (await this.repo.get(row.id, m))!;
    await this.outbox.add(m, {
      type: OfficeEvents.IncidentAssisted,
      gridPath: row.grid_path,
      actorId: doer.id,
      data: this.events.eventData(updated, row.state, doer, { action: `assist_${action}`, note, ...(action === IncidentAction.Handle ? { photos: body.photos ?? [] } : {}) }),
    });
    return updated;
  }

  /**
   * Duplicates follow their original (docs/metrics.md): closing the original gives each follower
   * the same outcome (closure type, responsible party, closing time) and a history entry, so its
   * reporter (Open311 included) learns it when the problem was settled, not before; reopening the
   * original takes the outcome back. A follower stays `duplicate`: it is not a problem of its own
   * and never enters found, closed or solved.
   */
  private async followOriginal(m: EntityManager, original: IncidentRow, action: IncidentAction.Close | IncidentAction.Reopen, doer: Doer, now: Date): Promise<void> {
    for (const f of await this.repo.lockFollowers(m, original.id)) {
      const closing = action === IncidentAction.Close;
      if (closing === !!f.closed_at) continue;
      await this.repo.update(m, f.id, closing
        ? { closure_type: original.closure_type, responsible_party: original.responsible_party, closed_at: now }
        : { closure_type: null, responsible_party: null, closed_at: null });
      await this.repo.appendHistory(m, f.id, {
        action: closing ? 'closed_with_original' : 'reopened_with_original',
        from_state: f.state,
        to_state: f.state,
        ...byDoer(doer),
        note: closing ? `随原件 ${original.code} 结案 closed with the original: ${original.closure_type}` : `原件 ${original.code} 重新办理 the original was reopened`,
        at: now,
      });
    }
  }

  /** The original a report is merged into: visible, open, not a follower itself, not the report. */
  private async mergeTarget(m: EntityManager, row: IncidentRow, originalId: string, doer: Doer): Promise<IncidentRow> {
    const original = originalId === row.id ? undefined : await this.repo.lock(m, originalId);
    if (!original || (doer.actor && !isVisible(doer.actor, original))) {
      throw new AppError(OfficeErrorCode.IncidentNotFound, `Incident ${originalId} not found`, { field: 'originalId' });
    }
    if (original.state === IncidentState.Duplicate || original.state === IncidentState.Rejected || original.state === IncidentState.Closed) {
      throw AppError.validation([{ field: 'originalId', messages: [`the original must be an open incident of its own, not ${original.state} (${original.code})`] }]);
    }
    return original;
  }

  /** Counts a follower on (or off) its original, with a history entry there. */
  private async linkFollower(m: EntityManager, original: IncidentRow, follower: IncidentRow, doer: Doer, sign: 1 | -1, now: Date): Promise<void> {
    await this.repo.update(m, original.id, { priority: Math.max(0, original.priority + sign), duplicate_count: Math.max(0, original.duplicate_count + sign) });
    await this.repo.appendHistory(m, original.id, {
      action: sign > 0 ? 'duplicate_linked' : 'duplicate_unlinked',
      from_state: original.state,
      to_state: original.state,
      ...byDoer(doer),
      note: sign > 0 ? `人工合并 merged by the desk: ${follower.code}` : `撤销合并 unmerged by the desk: ${follower.code}`,
      at: now,
    });
  }

  /**
   * 区级处理上报件, at the street (docs/federation.md): the district's decision on a case it holds,
   * taken from the federation link. `accept` is recorded and the clock stays suspended; `answer`
   * (with the reply, shown on the incident as districtReply) and `return` (with the reason) bring
   * the case back to the street's desk (registered) and end the suspension, so the street's clock
   * runs again. In the caller's transaction; a case no longer escalated is an illegal transition.
   */
  async districtDecisionIn(m: EntityManager, actor: Actor, incidentId: string, decision: 'accept' | 'answer' | 'return', text: string | null): Promise<IncidentRow> {
    const row = visibleOr404(actor, await this.repo.lock(m, incidentId), incidentId);
    const action = `district_${decision}`;
    if (row.state !== IncidentState.Escalated) throw AppError.illegalTransition('incident', row.state, action);
    const doer = doerOf(actor);
    const now = new Date();
    const note = { accept: '区级已受理', answer: '区级已答复', return: '区级退回' }[decision] + (text ? `：${text}` : '');
    const patch: IncidentPatch = {};
    let to: IncidentState = row.state;
    if (decision !== 'accept') {
      to = IncidentState.Registered;
      patch.state = to;
      patch.suspended_from = null;
      patch.suspensions = row.suspensions.map((s) => (s.to ? s : { ...s, to: now.toISOString() }));
      if (decision === 'answer') patch.district_reply = text;
      const category = (await this.clock.category(row.category))!;
      Object.assign(patch, this.clock.columns({ ...row, ...patch } as IncidentRow, category, now));
      await this.repo.update(m, row.id, patch);
    }
    await this.repo.appendHistory(m, row.id, { action, from_state: row.state, to_state: to, ...byDoer(doer), note, at: now, data: text ? { decision, text } : { decision } });
    const updated = (await this.repo.get(row.id, m))!;
    await this.outbox.add(m, { type: OfficeEvents.IncidentDistrictDecided, gridPath: row.grid_path, actorId: doer.id, data: this.events.eventData(updated, row.state, doer, { action, note }) });
    return updated;
  }

  /** 办结时限 of a task the district handed down, set once the intake made its incident. */
  async setDistrictDueAt(incidentId: string, dueAt: string): Promise<void> {
    await this.ds.transaction((m) => this.repo.update(m, incidentId, { district_due_at: new Date(dueAt) }));
  }

  /** Records a fact on the history without changing the state (supervision, a unit's case closed). */
  async noteIn(m: EntityManager, row: IncidentRow, action: string, doer: Doer, note: string): Promise<void> {
    await this.repo.appendHistory(m, row.id, { action, from_state: row.state, to_state: row.state, ...byDoer(doer), note });
  }

  /**
   * Upload quota per incident (#22 item 6): the report's photos and every handling round's and
   * verification's (kept in the history) count; the incident row is locked, so two entries at once
   * cannot both pass the limit. 422 naming the field, with the limit and what is held.
   */
  private async checkPhotoQuota(m: EntityManager, row: IncidentRow, adding: number): Promise<void> {
    const limit = this.env.OFFICE_MAX_PHOTOS_PER_INCIDENT;
    const [{ n }] = await m.query(
      `SELECT coalesce(sum(jsonb_array_length(data->'photos')), 0)::int AS n FROM office.incident_history
       WHERE incident_id = $1 AND jsonb_typeof(data->'photos') = 'array'`,
      [row.id],
    );
    const held = (row.photos?.length ?? 0) + Number(n);
    if (held + adding > limit) {
      throw new AppError(OfficeErrorCode.PhotoQuotaExceeded, `This incident holds ${held} photos; at most ${limit} in all (${limit - held} more may be added)`, { field: 'photos', limit, held });
    }
  }

  private kindsOf(actor: Actor, row: IncidentRow): Set<ActorKind> {
    const kinds = new Set<ActorKind>();
    if (actor.role === Role.StreetCommander || actor.role === Role.Admin) kinds.add('commander');
    if (actor.role === Role.UnitMember && actor.unit && (row.unit === actor.unit || row.lead_unit === actor.unit || row.assist_units.includes(actor.unit))) kinds.add('assignee');
    if (actor.role === Role.DepartmentLiaison && actor.departmentId && (row.department_id === actor.departmentId || row.lead_department_id === actor.departmentId || row.assist_department_ids.includes(actor.departmentId))) kinds.add('assignee');
    // 社区工作站 verifies and sends back work in its community as the grid does (核查).
    if ((actor.role === Role.GridWorker || actor.role === Role.CommunityStation) && isWithinScope(row.grid_path, actor.scope)) kinds.add('grid_worker');
    if (row.reporter_account_id && row.reporter_account_id === actor.id) kinds.add('reporter');
    return kinds;
  }

  private assigneeOf(doer: Doer, row: IncidentRow): { unit?: Unit; departmentId?: string } {
    if (doer.unit) return { unit: doer.unit };
    const a = doer.actor!;
    if (a.role === Role.UnitMember && a.unit) return { unit: a.unit };
    if (a.role === Role.DepartmentLiaison && a.departmentId) return { departmentId: a.departmentId };
    return { unit: row.unit ?? undefined, departmentId: row.department_id ?? undefined };
  }

  private requireFields(action: IncidentAction, body: IncidentActionBody): void {
    const problems: FieldError[] = [];
    for (const r of TRANSITIONS[action].requires ?? []) {
      if (r === 'unitOrDepartment') {
        if (!body.unit && !body.departmentId) problems.push({ field: 'unit', messages: [`unit or departmentId is required to ${action}`] });
      } else if (body[r] === undefined || body[r] === null || body[r] === '') {
        problems.push({ field: r, messages: [`${r} is required to ${action}`] });
      }
    }
    if (action === IncidentAction.Close && body.closureType === ClosureType.NotResponsible && !body.responsibleParty) {
      problems.push({ field: 'responsibleParty', messages: ['responsibleParty names whose responsibility it is (not_responsible)'] });
    }
    if (problems.length > 0) throw AppError.validation(problems);
  }

  /** Where a case was settled, from its history: the district if escalated, the street's units, the community's departments, else the grid. */
  private resolutionLevelOf(row: IncidentRow): ResolutionLevel {
    if (row.escalated_ever) return ResolutionLevel.District;
    if (row.lead_unit || row.unit) return ResolutionLevel.Street;
    if (row.lead_department_id || row.department_id) return ResolutionLevel.Community;
    return ResolutionLevel.Grid;
  }
}

/** A handle or verify entry keeps its photos, so every round's before/after stays in the history. */
function photoEntryData(action: IncidentAction, photos: string[] | undefined): { photos: string[] } | undefined {
  return (action === IncidentAction.Handle || action === IncidentAction.Verify) && photos?.length ? { photos } : undefined;
}
