import { Injectable } from '@nestjs/common';
import { Actor, CommonErrorCode, IncidentSource, IncidentState, IncidentView, OfficeErrorCode, OfficeEvents, ProblemFields, ReportIncident, Role } from '@grid122/contracts';
import { AppError, OutboxWriter, requestHash } from '@grid122/messaging';
import { isWithinScope } from '@grid122/access';
import { PiiCipher } from '@grid122/privacy';
import { transactionWithRetry } from '@grid122/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { CategoryDefinition } from '../category/category.defaults';
import { OfficeEnv } from '../config/office.env';
import { CounterBump, StatsRepository } from '../stats/stats.repository';
import { byDoer, doerOf, isVisible } from './incident-access';
import { incidentCodePrefix, streetPathOf } from './incident-code';
import { IncidentClockService } from './incident-clock.service';
import { IncidentEventBuilder } from './incident-events';
import { IncidentMapper } from './incident.mapper';
import { IncidentRepository } from './incident.repository';
import { PhotoStore } from './photo-store';
import { Place, RegistryLocator } from './registry-locator';

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

/** A client's Idempotency-Key as the intake claims it: per caller, with the operation and the hash of the request it came with. */
export interface IntakeKey {
  key: string;
  operation: string;
  hash: string;
}

/** A problem checked and placed, ready to be filed (prepare's answer, createIn's input). */
export interface PreparedProblem {
  category: CategoryDefinition;
  place: Place;
}

/**
 * How a problem enters the ledger (多网合一): a report checked (category, place, scope, photos)
 * outside any transaction, then filed in one — numbered, linked to an original as a "me too", its
 * event and the day's counters — with the intake's idempotency. The hot path of the street: no read
 * or await that the filing does not need (docs/performance.md, intake).
 */
@Injectable()
export class IncidentIntakeService {
  private readonly mapper: IncidentMapper;

  constructor(
    // what prepare checks a report against (outside the transaction)
    private readonly clock: IncidentClockService,
    private readonly locator: RegistryLocator,
    private readonly photos: PhotoStore,
    // what files it (one transaction)
    private readonly ds: DataSource,
    private readonly repo: IncidentRepository,
    private readonly pii: PiiCipher,
    private readonly outbox: OutboxWriter,
    private readonly events: IncidentEventBuilder,
    private readonly stats: StatsRepository,
    private readonly env: OfficeEnv,
  ) {
    this.mapper = new IncidentMapper(clock, pii);
  }

  async report(actor: Actor, req: ReportIncident.Request): Promise<ReportIncident.Reply> {
    const { idempotencyKey, ...body } = req;
    return this.file(actor, req, (view) => view, { key: idempotencyKey ? { key: idempotencyKey, operation: ReportIncident.subject, hash: requestHash(body) } : undefined });
  }

  /**
   * Files a report in one transaction and answers `answer(view)` — the intake's own view, or the
   * answer of a route that files through it (Open311's rows). With `key` (a client's
   * Idempotency-Key) the key is claimed first in that transaction (`office.idempotency_keys`, one
   * record per keyed request) and the answer kept with it: a retry with the same hash answers the
   * kept answer, another hash or operation is 422, and a retry racing the first waits on the
   * claim's row until the first commits. A source reference already reported answers that incident
   * (`existing`); `newSourceRef` says the reference was made for this report (a random one), so no
   * incident can hold it and it is not looked up.
   */
  async file<R>(actor: Actor, req: ReportIncident.Request, answer: (view: ReportIncident.Reply) => R, o: { key?: IntakeKey; newSourceRef?: boolean } = {}): Promise<R> {
    const now = new Date();
    const reportedAt = req.reportedAt ? new Date(req.reportedAt) : now;
    if (reportedAt.getTime() > now.getTime() + 60_000) throw AppError.validation([{ field: 'reportedAt', messages: ['reportedAt must not be in the future'] }]);
    const prepared = await this.prepare(actor, req, 'location');
    const k = o.key;

    // Run again if Postgres breaks a lock cycle through it: every effect is in the transaction.
    return transactionWithRetry(this.ds, async (m) => {
      if (k) {
        const claim = await this.repo.claimIdempotencyKey(m, actor.id, k.key, k.operation, k.hash);
        if (!claim.claimed) {
          if (claim.hash !== k.hash || claim.operation !== k.operation) {
            throw new AppError(CommonErrorCode.IdempotencyKeyReused, 'This Idempotency-Key was used with another request body', { idempotencyKey: k.key });
          }
          return claim.response as R;
        }
      }
      const kept = async (view: ReportIncident.Reply): Promise<R> => {
        const out = answer(view);
        if (k) await this.repo.saveIdempotentResponse(m, actor.id, k.key, out);
        return out;
      };
      if (req.sourceRef && !o.newSourceRef) {
        const existing = await this.repo.claimSourceRef(m, req.source, req.sourceRef);
        if (existing) {
          if (!isVisible(actor, existing)) {
            throw new AppError(OfficeErrorCode.OutOfScope, `${req.source} ${req.sourceRef} was already reported as an incident outside your scope`, { field: 'sourceRef' });
          }
          return kept({ ...this.mapper.toView(existing, await this.clock.category(existing.category), now, actor), existing: true });
        }
      }
      return kept(
        await this.createIn(m, actor, req, prepared, {
          source: req.source,
          sourceRef: req.sourceRef ?? null,
          reporter: req.reporter ?? null,
          reportedAt,
        }),
      );
    });
  }

  /** Checks a problem's category, place, scope and photos (outside any transaction: it asks NATS). */
  async prepare(actor: Actor, p: ProblemFields, fieldPrefix: string): Promise<PreparedProblem> {
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
    await this.photos.require(p.photos, `${prefix}photos`);
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

  /** Creates one incident (or a linked duplicate) inside the caller's transaction. */
  async createIn(m: EntityManager, actor: Actor, p: ProblemFields, prepared: PreparedProblem, o: IntakeOptions): Promise<IncidentView> {
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
    const reporterName = o.reporter?.name ?? actor.displayName ?? actor.username;
    const statsDay = this.clock.calendar.localDate(reportedAt);
    const doer = doerOf(actor);
    // Rows every concurrent report needs are locked until commit, so they are taken last, the most
    // shared last of all: the street's code counter (every report of the street that day) here,
    // the daily counters at the very end, in the outbox's statement — their roll-up rows are shared
    // by every report of the district with the same key area that day (docs/performance.md, intake).
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
        reporter_name: this.pii.encrypt(reporterName),
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
        ...byDoer(doer),
        note: [
          original ? `重复上报 duplicate of ${original.code}` : `${o.source}${o.sourceRef ? ` ${o.sourceRef}` : ''}`,
          place.matched ? `按地址定位 placed by address: ${place.matched.name} (${place.matched.score})` : null,
        ].filter(Boolean).join('; '),
      },
    );
    const { id, code } = row;
    // The day's counters: with the event's insert in one statement (the code counter's row is held
    // one round trip less), or collected for the diary's end.
    const counters: CounterBump = { key: { day: statsDay, gridPath: place.gridPath, keyArea: p.keyArea }, deltas: original ? { duplicates: 1 } : { found: 1 } };
    if (o.deferCounters) o.deferCounters.push(counters);
    const bump = o.deferCounters ? undefined : this.stats.bumpStatement(counters.key, counters.deltas);
    if (original) {
      await this.repo.update(m, original.id, { priority: original.priority + 1, duplicate_count: original.duplicate_count + 1 });
      await this.repo.appendHistory(m, original.id, {
        action: 'duplicate_linked',
        from_state: original.state,
        to_state: original.state,
        ...byDoer(doer),
        note: `又一次上报 me too: ${code}`,
      });
      const updated = { ...original, priority: original.priority + 1, duplicate_count: original.duplicate_count + 1 };
      await this.outbox.addJoined(m, bump, {
        type: OfficeEvents.IncidentDuplicateLinked,
        gridPath: original.grid_path,
        actorId: doer.id,
        data: this.events.eventData(updated, null, doer, { action: 'duplicate_linked', duplicateId: id, duplicateSource: o.source, duplicateSourceRef: o.sourceRef ?? null }),
      });
    } else {
      await this.outbox.addJoined(m, bump, { type: OfficeEvents.IncidentReported, gridPath: row.grid_path, actorId: doer.id, data: this.events.eventData(row, null, doer, { action: 'report' }) });
    }
    return this.mapper.toNewView(row, category, now, actor, { name: reporterName, phone });
  }

  /** Applies collected counter bumps (`IntakeOptions.deferCounters`) in key order, as the bulk writers take them. */
  async bumpCounters(m: EntityManager, pending: CounterBump[]): Promise<void> {
    await this.stats.bumpMany(m, pending);
  }
}
