import { UrgingRepository } from '../supervision/urging.repository';
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  Actor,
  ClosureType,
  CommonErrorCode,
  FieldError,
  GetIncident, GetIncidents,
  IncidentAction,
  IncidentActionBody,
  IncidentEventData,
  IncidentSource,
  IncidentState,
  IncidentView,
  ListIncidents,
  OfficeErrorCode,
  OfficeEvents,
  ProblemFields,
  ReportIncident,
  ResolutionLevel,
  Role,
  TransitionIncident,
  UNIT_LABELS,
  Unit,
  EventType,
} from '@grid122/contracts';
import { AppError, OutboxWriter } from '@grid122/messaging';
import { incidentAudience } from './incident-audience';
import { isSolvedClosure, reopenIsRework } from '@grid122/metrics';
import { isWithinScope } from '@grid122/access';
import { maskName, PiiCipher } from '@grid122/privacy';
import { transactionWithRetry } from '@grid122/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { CategoryDefinition } from '../category/category.defaults';
import { isWorkingUnit, LimitUnit } from '../clock/time-limit';
import { OfficeEnv } from '../config/office.env';
import { JointDispatchService, Party, partyName } from '../joint/joint-dispatch.service';
import { completionReply } from '../satisfaction/completion-reply';
import { CounterBump, CounterDeltas, StatsRepository } from '../stats/stats.repository';
import { incidentCodePrefix, streetPathOf } from './incident-code';
import { IncidentClockService } from './incident-clock.service';
import { ActorKind, decide, TRANSITIONS } from './incident-state-machine';
import { IncidentMapper } from './incident.mapper';
import { IncidentRepository } from './incident.repository';
import { HistoryRow, IncidentPatch, IncidentRow } from './incident.row';
import { Reclassifier } from '../triage/reclassifier';
import { PhotoStore } from './photo-store';
import { Place, RegistryLocator } from './registry-locator';

/** Who acts: an account through the API, or a unit's service through its events. */
export interface Doer {
  id: string | null;
  name: string | null;
  role: string;
  /** Set for an account (its kinds are worked out per incident); null for a unit service. */
  actor: Actor | null;
  /** For a unit's service acting through events. */
  unit?: Unit;
}

export interface IntakeOptions {
  source: IncidentSource;
  sourceRef?: string | null;
  reporter?: { name: string; phone?: string } | null;
  reportedAt?: Date;
  diaryId?: string | null;
  /**
   * Several incidents in one transaction (a patrol diary): their counter bumps are collected here
   * and applied once at the end by `bumpCounters` (every daily row, then every roll-up row, in key
   * order) — so no transaction holds one district's counters while it waits for another street's
   * code counter or another grid's daily row (no lock cycle with a single intake, which takes its
   * code counter first and its counters last).
   */
  deferCounters?: CounterBump[];
}

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

const required = (field: string, action: string): AppError => AppError.validation([{ field, messages: [`${field} is required to ${action}`] }]);

/** The office's case engine: intake, the workflow, and reads, each change in one transaction with its events. */
@Injectable()
export class IncidentService {
  private readonly mapper: IncidentMapper;

  constructor(
    private readonly ds: DataSource,
    private readonly repo: IncidentRepository,
    private readonly stats: StatsRepository,
    private readonly clock: IncidentClockService,
    private readonly outbox: OutboxWriter,
    private readonly locator: RegistryLocator,
    private readonly photos: PhotoStore,
    private readonly env: OfficeEnv,
    private readonly pii: PiiCipher,
    private readonly joint: JointDispatchService,
    private readonly reclassifier: Reclassifier,
    private readonly urgings: UrgingRepository,
  ) {
    this.mapper = new IncidentMapper(clock, pii);
  }

  // ---------------------------------------------------------------- intake

  async report(actor: Actor, req: ReportIncident.Request): Promise<ReportIncident.Reply> {
    const now = new Date();
    const reportedAt = req.reportedAt ? new Date(req.reportedAt) : now;
    if (reportedAt.getTime() > now.getTime() + 60_000) throw AppError.validation([{ field: 'reportedAt', messages: ['reportedAt must not be in the future'] }]);
    const prepared = await this.prepare(actor, req, 'location');
    const { idempotencyKey, ...body } = req;
    const hash = createHash('sha256').update(canonicalJson(body)).digest('hex');

    // Run again if Postgres breaks a lock cycle through it: every effect is in the transaction.
    return transactionWithRetry(this.ds, async (m) => {
      if (idempotencyKey) {
        const claim = await this.repo.claimIdempotencyKey(m, actor.id, idempotencyKey, ReportIncident.subject, hash);
        if (!claim.claimed) {
          if (claim.hash !== hash || claim.operation !== ReportIncident.subject) {
            throw new AppError(CommonErrorCode.IdempotencyKeyReused, 'This Idempotency-Key was used with another request body', { idempotencyKey });
          }
          return claim.response as IncidentView;
        }
      }
      if (req.sourceRef) {
        const existing = await this.repo.claimSourceRef(m, req.source, req.sourceRef);
        if (existing) {
          if (!this.visible(actor, existing)) {
            throw new AppError(OfficeErrorCode.OutOfScope, `${req.source} ${req.sourceRef} was already reported as an incident outside your scope`, { field: 'sourceRef' });
          }
          const view = { ...this.mapper.toView(existing, await this.clock.category(existing.category), now, actor), existing: true };
          if (idempotencyKey) await this.repo.saveIdempotentResponse(m, actor.id, idempotencyKey, view);
          return view;
        }
      }
      const view = await this.createIn(m, actor, req, prepared, {
        source: req.source,
        sourceRef: req.sourceRef ?? null,
        reporter: req.reporter ?? null,
        reportedAt,
      });
      if (idempotencyKey) await this.repo.saveIdempotentResponse(m, actor.id, idempotencyKey, view);
      return view;
    });
  }

  /** Checks a problem's category, place, scope and photos (outside any transaction: it asks NATS). */
  async prepare(actor: Actor, p: ProblemFields, fieldPrefix: string): Promise<{ category: CategoryDefinition; place: Place }> {
    const prefix = fieldPrefix === 'location' ? '' : `${fieldPrefix}.`;
    const category = await this.clock.category(p.category);
    if (!category) throw new AppError(OfficeErrorCode.CategoryInvalid, `Unknown category "${p.category}" (see GET /api/v1/categories)`, { field: `${prefix}category` });
    if (category.keyArea !== p.keyArea) {
      throw new AppError(OfficeErrorCode.CategoryInvalid, `Category "${p.category}" belongs to key area ${category.keyArea}, not ${p.keyArea}`, { field: `${prefix}category` });
    }
    if (!p.location && !p.address) throw AppError.validation([{ field: `${prefix}location`, messages: ['a location or an address is required'] }]);
    if (p.gridId && !p.gridPath) throw AppError.validation([{ field: `${prefix}gridPath`, messages: ['gridPath is required with gridId'] }]);
    const place = p.address && !p.location && !p.gridId ? await this.placeByAddress(actor, p, prefix) : await this.locator.place(p);
    if (!place) throw new AppError(OfficeErrorCode.GridRequired, 'Give a location the registry can locate, or the grid (gridId and gridPath)', { field: `${prefix}gridPath` });
    if (!isWithinScope(place.gridPath, actor.scope)) {
      throw new AppError(OfficeErrorCode.OutOfScope, `The place (${place.gridPath}) is outside your scope`, { gridPath: place.gridPath });
    }
    await this.checkPhotos(p.photos, `${prefix}photos`);
    return { category, place };
  }

  /**
   * 按地址定位, for a report with an address and no point or grid id: the registry's clear candidate.
   * Else the area the caller gave (`gridPath` without `gridId`: a platform's own area, for the centre
   * to place; also when the registry cannot answer), else 422 with the candidates for the desk to pick
   * one (its point as the location, or its grid).
   */
  private async placeByAddress(actor: Actor, p: ProblemFields, prefix: string): Promise<Place> {
    const area = p.gridPath ? { gridId: null, gridPath: p.gridPath, located: false } : null;
    const address = p.address!;
    let found;
    try {
      found = await this.locator.placeByAddress(address, area && isWithinScope(area.gridPath, actor.scope) ? area.gridPath : actor.scope);
    } catch (e) {
      const unavailable = e instanceof AppError && (e.code === CommonErrorCode.ServiceUnavailable || e.code === CommonErrorCode.ServiceTimeout);
      if (unavailable && area) return area;
      throw e;
    }
    if (found.place) return found.place;
    if (area) return area;
    const message = found.candidates.length
      ? `The address "${address}" matches several places: pick one of details.candidates (send its gridId and gridPath, or its point as location)`
      : `No place of the registry matches the address "${address}": give a location or the grid (gridId and gridPath)`;
    throw new AppError(OfficeErrorCode.GridRequired, message, { field: `${prefix}address`, normalised: found.normalised, candidates: found.candidates });
  }

  async checkPhotos(hashes: string[] | undefined, field: string): Promise<void> {
    const missing = await this.photos.missing(hashes ?? []);
    if (missing.length > 0) throw new AppError(OfficeErrorCode.PhotoNotFound, `Photos not uploaded: ${missing.join(', ')}`, { field, missing });
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

  /** Creates one incident (or a linked duplicate) inside the caller's transaction. */
  async createIn(m: EntityManager, actor: Actor, p: ProblemFields, prepared: { category: CategoryDefinition; place: Place }, o: IntakeOptions): Promise<IncidentView> {
    const now = new Date();
    const reportedAt = o.reportedAt ?? now;
    const { category, place } = prepared;
    const windowStart = new Date(reportedAt.getTime() - this.env.OFFICE_DUPLICATE_WINDOW_HOURS * 3600_000);
    // Placed by its address: the registry's point of the place is the incident's location.
    const location = p.location ?? place.matched?.point;
    const original = location ? await this.repo.findDuplicateOf(m, category.code, location.lng, location.lat, this.env.OFFICE_DUPLICATE_RADIUS_M, windowStart) : undefined;

    const streetPath = streetPathOf(place.gridPath, this.env.OFFICE_STREET_DEPTH);
    const codeDay = this.clock.calendar.localDate(now);
    const state = original ? IncidentState.Duplicate : IncidentState.Reported;
    const cols = original
      ? { deadline: null, yellow_at: null }
      : this.clock.columns({ state, reported_at: reportedAt, dispatched_at: null, handled_at: null, closed_at: null, suspensions: [], extensions: [] }, category, now);
    const phone = o.reporter?.phone ?? null;
    const statsDay = this.clock.calendar.localDate(reportedAt);
    const doer = this.doer(actor);
    // Rows every concurrent report needs are locked until commit, so they are taken last, the most
    // shared last of all: the street's code counter (every report of the street that day) here,
    // the daily counters at the very end — their roll-up rows are shared by every report of the
    // district with the same key area that day (docs/performance.md, intake).
    const row = await this.repo.insertNumbered(
      m,
      {
        title: p.title,
        description: p.description ?? null,
        key_area: p.keyArea,
        category: category.code,
        state,
        source: o.source,
        source_ref: o.sourceRef ?? null,
        grid_id: place.gridId,
        grid_path: place.gridPath,
        lng: location?.lng ?? null,
        lat: location?.lat ?? null,
        address: p.address ?? null,
        photos: p.photos ?? [],
        reporter_account_id: actor.role === Role.Platform ? null : actor.id,
        // the reporter's name is protected like the phone (rows written before hold it in clear: PiiCipher.open reads both)
        reporter_name: this.pii.encrypt(o.reporter?.name ?? actor.displayName ?? actor.username),
        reporter_phone: phone ? this.pii.encrypt(phone) : null,
        reporter_phone_hash: phone ? this.pii.hash(phone) : null,
        duplicate_of: original?.id ?? null,
        diary_id: o.diaryId ?? null,
        stats_day: statsDay,
        reported_at: reportedAt,
        ...cols,
      },
      { path: streetPath, day: codeDay, prefix: incidentCodePrefix(streetPath, codeDay) },
      {
        action: 'report',
        ...this.by(doer),
        note: [
          original ? `重复上报 duplicate of ${original.code}` : `${o.source}${o.sourceRef ? ` ${o.sourceRef}` : ''}`,
          place.matched ? `按地址定位 placed by address: ${place.matched.name} (${place.matched.score})` : null,
        ].filter(Boolean).join('; '),
      },
    );
    const { id, code } = row;
    if (original) {
      await this.repo.update(m, original.id, { priority: original.priority + 1, duplicate_count: original.duplicate_count + 1 });
      await this.repo.appendHistory(m, original.id, {
        action: 'duplicate_linked',
        from_state: original.state,
        to_state: original.state,
        ...this.by(doer),
        note: `又一次上报 me too: ${code}`,
      });
      const updated = { ...original, priority: original.priority + 1, duplicate_count: original.duplicate_count + 1 };
      await this.outbox.add(m, {
        type: OfficeEvents.IncidentDuplicateLinked,
        gridPath: original.grid_path,
        actorId: doer.id,
        data: this.eventData(updated, null, doer, { action: 'duplicate_linked', duplicateId: id, duplicateSource: o.source, duplicateSourceRef: o.sourceRef ?? null }),
      });
    } else {
      await this.outbox.add(m, { type: OfficeEvents.IncidentReported, gridPath: row.grid_path, actorId: doer.id, data: this.eventData(row, null, doer, { action: 'report' }) });
    }
    const counters: CounterBump = { key: { day: statsDay, gridPath: place.gridPath, keyArea: p.keyArea }, deltas: original ? { duplicates: 1 } : { found: 1 } };
    if (o.deferCounters) o.deferCounters.push(counters);
    else await this.stats.bump(m, counters.key, counters.deltas);
    return this.mapper.toView(row, category, now, actor);
  }

  /** Applies collected counter bumps (`IntakeOptions.deferCounters`) in key order, as the bulk writers take them. */
  async bumpCounters(m: EntityManager, pending: CounterBump[]): Promise<void> {
    await this.stats.bumpMany(m, pending);
  }

  // ---------------------------------------------------------------- workflow

  async transition(actor: Actor, req: TransitionIncident.Request): Promise<IncidentView> {
    if (req.photos?.length) await this.checkPhotos(req.photos, 'photos');
    return transactionWithRetry(this.ds, async (m) => {
      const locked = await this.repo.lock(m, req.incidentId);
      if (!locked || !this.visible(actor, locked)) throw new AppError(OfficeErrorCode.IncidentNotFound, `Incident ${req.incidentId} not found`, { id: req.incidentId });
      if (req.photos?.length) await this.checkPhotoQuota(m, locked, req.photos.length);
      const doer = this.doer(actor);
      const row = await this.triageAtRegistration(m, locked, req, doer);
      const updated = await this.applyIn(m, row, req.action, req, doer);
      const category = await this.clock.category(updated.category);
      const view = this.mapper.toView(updated, category, new Date(), actor, await this.historyIn(m, updated.id));
      return { ...view, parties: await this.joint.parties(updated.id, m), urgings: await this.urgings.of(updated.id, m) };
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
    return this.reclassifier.classifyIn(m, row, req, req.note ?? null, doer, (u, extra) => this.eventData(u, row.state, doer, extra));
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
    await this.repo.appendHistory(m, row.id, { action, from_state: row.state, to_state: to, ...this.by(doer), note, at: now, data });
    if (action === IncidentAction.Close || action === IncidentAction.Reopen) await this.followOriginal(m, { ...row, ...patch } as IncidentRow, action, doer, now);
    const updated = (await this.repo.get(row.id, m))!;
    if (action === IncidentAction.Escalate) extra.escalation = await this.escalationOf(m, updated, body.reason!);
    await this.outbox.add(m, { type: EVENT_OF[action], gridPath: row.grid_path, actorId: doer.id, data: this.eventData(updated, row.state, doer, { ...extra, action, note }) });
    return updated;
  }

  /** An assist's (协办) own accept, feedback or return: its party, a history entry and an event; the state stays. */
  private async assistIn(m: EntityManager, row: IncidentRow, action: IncidentAction, body: IncidentActionBody, doer: Doer, self: Party, now: Date): Promise<IncidentRow> {
    // An assist works while the case is out with the units, and may still report until closure.
    const open: IncidentState[] = [IncidentState.Dispatched, IncidentState.Accepted, IncidentState.InProgress, IncidentState.Handled, IncidentState.Verified];
    if (!open.includes(row.state)) throw AppError.illegalTransition('incident', row.state, action);
    const { note, patch } = await this.joint.assistAct(m, row, action, body, self, now);
    await this.repo.update(m, row.id, patch);
    await this.repo.appendHistory(m, row.id, { action: `assist_${action}`, from_state: row.state, to_state: row.state, ...this.by(doer), note, at: now });
    const updated = (await this.repo.get(row.id, m))!;
    await this.outbox.add(m, {
      type: OfficeEvents.IncidentAssisted,
      gridPath: row.grid_path,
      actorId: doer.id,
      data: this.eventData(updated, row.state, doer, { action: `assist_${action}`, note, ...(action === IncidentAction.Handle ? { photos: body.photos ?? [] } : {}) }),
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
        ...this.by(doer),
        note: closing ? `随原件 ${original.code} 结案 closed with the original: ${original.closure_type}` : `原件 ${original.code} 重新办理 the original was reopened`,
        at: now,
      });
    }
  }

  /** The original a report is merged into: visible, open, not a follower itself, not the report. */
  private async mergeTarget(m: EntityManager, row: IncidentRow, originalId: string, doer: Doer): Promise<IncidentRow> {
    const original = originalId === row.id ? undefined : await this.repo.lock(m, originalId);
    if (!original || (doer.actor && !this.visible(doer.actor, original))) {
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
      ...this.by(doer),
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
    const row = await this.repo.lock(m, incidentId);
    if (!row || !this.visible(actor, row)) throw new AppError(OfficeErrorCode.IncidentNotFound, `Incident ${incidentId} not found`, { id: incidentId });
    const action = `district_${decision}`;
    if (row.state !== IncidentState.Escalated) throw AppError.illegalTransition('incident', row.state, action);
    const doer = this.doer(actor);
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
    await this.repo.appendHistory(m, row.id, { action, from_state: row.state, to_state: to, ...this.by(doer), note, at: now, data: text ? { decision, text } : { decision } });
    const updated = (await this.repo.get(row.id, m))!;
    await this.outbox.add(m, { type: OfficeEvents.IncidentDistrictDecided, gridPath: row.grid_path, actorId: doer.id, data: this.eventData(updated, row.state, doer, { action, note }) });
    return updated;
  }

  /** 办结时限 of a task the district handed down, set once the intake made its incident. */
  async setDistrictDueAt(incidentId: string, dueAt: string): Promise<void> {
    await this.ds.transaction((m) => this.repo.update(m, incidentId, { district_due_at: new Date(dueAt) }));
  }

  /** Records a fact on the history without changing the state (supervision, a unit's case closed). */
  async noteIn(m: EntityManager, row: IncidentRow, action: string, doer: Doer, note: string): Promise<void> {
    await this.repo.appendHistory(m, row.id, { action, from_state: row.state, to_state: row.state, ...this.by(doer), note });
  }

  // ---------------------------------------------------------------- reads

  async get(actor: Actor, req: GetIncident.Request): Promise<IncidentView> {
    const row = await this.repo.get(req.id);
    if (!row || !this.visible(actor, row)) throw new AppError(OfficeErrorCode.IncidentNotFound, `Incident ${req.id} not found`, { id: req.id });
    const view = this.mapper.toView(row, await this.clock.category(row.category), new Date(), actor, await this.repo.history(row.id));
    return { ...view, parties: await this.joint.parties(row.id), urgings: await this.urgings.of(row.id) };
  }

  /** Several incidents with their history (no joint-dispatch parties): rows and histories in one statement each. */
  async getMany(actor: Actor, req: GetIncidents.Request): Promise<GetIncidents.Reply> {
    const rows = (await this.repo.getMany([...new Set(req.ids)])).filter((r) => this.visible(actor, r));
    if (rows.length === 0) return { items: [] };
    const [cats, histories] = await Promise.all([this.clock.categories(), this.repo.histories(rows.map((r) => r.id))]);
    const now = new Date();
    return { items: rows.map((r) => this.mapper.toView(r, cats.get(r.category), now, actor, histories.get(r.id) ?? [])) };
  }

  async list(actor: Actor, req: ListIncidents.Request): Promise<ListIncidents.Reply> {
    const limit = req.limit ?? 50;
    const after = req.cursor ? decodeCursor(req.cursor) : null;
    const now = new Date();
    const rows = await this.repo.list(actor, req, after, limit + 1, now);
    const page = rows.slice(0, limit);
    const cats = await this.clock.categories();
    const last = page[page.length - 1];
    return {
      items: page.map((r) => this.mapper.toView(r, cats.get(r.category), now, actor)),
      nextCursor: rows.length > limit && last ? encodeCursor(new Date(last.reported_at), last.id) : null,
    };
  }

  // ---------------------------------------------------------------- helpers

  visible(actor: Actor, row: IncidentRow): boolean {
    if (!isWithinScope(row.grid_path, actor.scope)) return false;
    const audience = incidentAudience({ unit: row.unit, leadUnit: row.lead_unit, assistUnits: row.assist_units, departmentId: row.department_id, leadDepartmentId: row.lead_department_id, assistDepartmentIds: row.assist_department_ids });
    if (actor.role === Role.UnitMember) return !!actor.unit && audience.units.includes(actor.unit);
    if (actor.role === Role.DepartmentLiaison) return !!actor.departmentId && audience.departmentIds.includes(actor.departmentId);
    return actor.role !== Role.Auditor;
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

  private async escalationOf(m: EntityManager, row: IncidentRow, reason: string): Promise<IncidentEventData['escalation']> {
    const history = await this.historyIn(m, row.id);
    return {
      reason,
      description: row.description ?? row.title,
      reporterName: this.pii.open(row.reporter_name),
      history: history.map((h) => ({ action: h.action, fromState: h.from_state, toState: h.to_state, at: new Date(h.at).toISOString(), byRole: h.by_role, note: h.note })),
    };
  }

  private historyIn(m: EntityManager, id: string): Promise<HistoryRow[]> {
    return this.repo.history(id, m);
  }

  doer(actor: Actor): Doer {
    return { id: actor.id, name: actor.displayName ?? actor.username, role: actor.role, actor };
  }

  private by(d: Doer) {
    return { by_id: d.id, by_name: d.name, by_role: d.role };
  }

  eventData(row: IncidentRow, fromState: IncidentState | null, doer: Doer | null, extra: Partial<IncidentEventData> = {}): IncidentEventData {
    return namesMasked(this.pii.open(row.reporter_name), {
      incidentId: row.id,
      code: row.code,
      title: row.title,
      keyArea: row.key_area,
      category: row.category,
      gridPath: row.grid_path,
      gridId: row.grid_id,
      state: row.state,
      fromState,
      source: row.source,
      sourceRef: row.source_ref,
      reportedById: row.reporter_account_id,
      unit: row.unit,
      departmentId: row.department_id,
      leadUnit: row.lead_unit,
      leadDepartmentId: row.lead_department_id,
      assistUnits: row.assist_units ?? [],
      assistDepartmentIds: row.assist_department_ids ?? [],
      location: row.lng == null || row.lat == null ? null : { lng: Number(row.lng), lat: Number(row.lat) },
      address: row.address,
      deadline: row.deadline ? new Date(row.deadline).toISOString() : null,
      reportedAt: new Date(row.reported_at).toISOString(),
      reworkCount: row.rework_count,
      priority: row.priority,
      duplicateOfId: row.duplicate_of,
      closureType: row.closure_type,
      resolutionLevel: row.resolution_level,
      onTime: row.on_time,
      byId: doer?.id ?? null,
      byRole: doer?.role ?? null,
      ...extra,
    });
  }
}

/**
 * The reporter's name written into an event's free text (a hotline title, the escalation's reason
 * and description) masked, as the outbox masks contacts and name fields (docs/security.md): no
 * resident's name in an event.
 */
function namesMasked(name: string | null, d: IncidentEventData): IncidentEventData {
  if (!name || name.length < 2) return d;
  const hide = <T extends string | null | undefined>(v: T): T => (v ? (v.split(name).join(maskName(name)!) as T) : v);
  const e = d.escalation;
  return {
    ...d,
    title: hide(d.title),
    ...(d.note ? { note: hide(d.note) } : {}),
    ...(e ? { escalation: { ...e, reason: hide(e.reason), description: hide(e.description), history: e.history.map((h) => ({ ...h, note: hide(h.note) })) } } : {}),
  };
}

/** A handle or verify entry keeps its photos, so every round's before/after stays in the history. */
function photoEntryData(action: IncidentAction, photos: string[] | undefined): { photos: string[] } | undefined {
  return (action === IncidentAction.Handle || action === IncidentAction.Verify) && photos?.length ? { photos } : undefined;
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const d = new Date(at);
    if (Number.isNaN(d.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) throw new Error('bad');
    return { at: d, id };
  } catch {
    throw AppError.validation([{ field: 'cursor', messages: ['cursor is not one this API returned'] }]);
  }
}
