import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  Actor,
  DomainEvent,
  ENFORCEMENT_CASE_TYPE,
  ENFORCEMENT_CATEGORY_KEY_AREA,
  ENFORCEMENT_CATEGORY_LABELS,
  EnforcementCaseDetail,
  EnforcementCaseState as S,
  EnforcementCategory,
  EnforcementErrorCode,
  EnforcementEvents,
  FindingReportedData,
  IncidentEventData,
  IncidentSource,
  LocateGrid,
  OpenEnforcementCase,
  SYSTEM_ACTOR,
  Unit,
} from '@grid122/contracts';
import { AppError, OutboxWriter, RpcClient } from '@grid122/messaging';
import { isWithinScope } from '@grid122/access';
import { PiiCipher } from '@grid122/privacy';
import { DataSource, EntityManager } from 'typeorm';
import { assertWrite } from '../shared/access';
import { ActionLogRepository } from './action-log.repository';
import { CaseRepository } from './case.repository';
import { enforcementCategoryFor } from './office-category';
import { CaseQueryService } from './case-query.service';
import { dateOr } from './case.inputs';

const LOCATE_TIMEOUT_MS = 2000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A case the team found itself (patrol, or a joint operation's finding at a place). */
export interface FoundCase {
  origin: 'patrol' | 'operation';
  title: string;
  description: string;
  category: EnforcementCategory;
  gridPath: string;
  gridId: string | null;
  address: string | null;
  location: { lng: number; lat: number } | null;
  subject: OpenEnforcementCase.Request['subject'] | null;
  foundAt: Date;
  operation?: { id: string; ref: string; name: string; targetId: string };
}

/**
 * How enforcement cases begin: the team's own finding (patrol, or a joint operation's violation,
 * which the office then takes into its ledger by event), an incident the office dispatches to the
 * team, and a patrol finding the office took in as a duplicate (the case follows that incident).
 */
@Injectable()
export class CaseIntakeService {
  private readonly logger = new Logger(CaseIntakeService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly cases: CaseRepository,
    private readonly log: ActionLogRepository,
    private readonly outbox: OutboxWriter,
    private readonly rpc: RpcClient,
    private readonly cipher: PiiCipher,
    private readonly queries: CaseQueryService,
  ) {}

  /** The team's own patrol finding: a case, and (by event) the office incident for the ledger. */
  async open(actor: Actor, req: OpenEnforcementCase.Request): Promise<EnforcementCaseDetail> {
    assertWrite(actor);
    const place = await this.placeOf(actor, req.gridPath, req.location);
    const foundAt = dateOr('foundAt', req.foundAt, new Date());
    if (foundAt.getTime() > Date.now() + 5 * 60_000) throw new AppError(EnforcementErrorCode.InvalidDate, 'foundAt is in the future', { field: 'foundAt' });
    const id = await this.ds.transaction(async (m) =>
      (await this.openIn(m, actor, { origin: 'patrol', title: req.title, description: req.description, category: req.category, gridPath: place.gridPath, gridId: place.gridId, address: req.address ?? null, location: req.location ?? null, subject: req.subject ?? null, foundAt })).caseId,
    );
    return this.queries.detail(actor, id);
  }

  /**
   * Opens a case the team found itself — on patrol, or a joint operation's violation at a place
   * (origin 'operation') — inside the caller's transaction: the case row, its first log entry and
   * the events `enforcement.case.opened` and `enforcement.finding.reported`, by which the office
   * takes the problem into its ledger once (source reference = the case id), linked to this case.
   */
  async openIn(m: EntityManager, actor: Actor, f: FoundCase): Promise<{ caseId: string; ref: string }> {
    const keyArea = ENFORCEMENT_CATEGORY_KEY_AREA[f.category];
    const s = f.subject;
    const byName = actor.displayName ?? actor.username;
    const ref = await this.cases.nextRef(m, 'case');
    const caseId = await this.cases.insert(m, {
      ref,
      incidentId: null,
      origin: f.origin,
      title: f.title,
      description: f.description,
      category: f.category,
      keyArea,
      state: S.Opened,
      gridPath: f.gridPath,
      gridId: f.gridId,
      address: f.address,
      location: f.location,
      subjectKind: s?.kind ?? null,
      subjectName: s?.name ?? null,
      subjectRepresentative: s?.representative ?? null,
      subjectIdNumberEnc: s?.idNumber ? this.cipher.encrypt(s.idNumber) : null,
      subjectIdNumberHash: s?.idNumber ? this.cipher.hash(s.idNumber) : null,
      subjectPhoneEnc: s?.phone ? this.cipher.encrypt(s.phone) : null,
      subjectPhoneHash: s?.phone ? this.cipher.hash(s.phone) : null,
      openedById: actor.id,
      openedByName: byName,
      openedAt: f.foundAt,
    });
    await this.log.append(m, {
      caseId,
      action: 'opened',
      actorId: actor.id,
      actorName: byName,
      // identifiers are logged as their keyed hashes only: the log is kept forever
      content: {
        origin: f.origin, ref, title: f.title, category: f.category, gridPath: f.gridPath, address: f.address, description: f.description, subjectKind: s?.kind ?? null, subjectIdHash: s?.idNumber ? this.cipher.hash(s.idNumber) : null,
        ...(f.operation ? { operationId: f.operation.id, operationRef: f.operation.ref, targetId: f.operation.targetId } : {}),
      },
    });
    const base = { unit: Unit.Enforcement, incidentId: null, caseId, caseType: ENFORCEMENT_CASE_TYPE, caseRef: ref, byId: actor.id };
    const location = f.location ? { lng: f.location.lng, lat: f.location.lat } : null;
    const finding: FindingReportedData = {
      unit: Unit.Enforcement,
      caseId,
      caseRef: ref,
      title: f.title,
      description: f.description,
      keyArea,
      category: f.category,
      categoryLabel: ENFORCEMENT_CATEGORY_LABELS[f.category].zh,
      gridPath: f.gridPath,
      gridId: f.gridId,
      location,
      address: f.address,
      reportedById: actor.id,
      foundAt: f.foundAt.toISOString(),
      operation: f.operation ?? null,
    };
    await this.outbox.add(
      m,
      { type: EnforcementEvents.CaseOpened, gridPath: f.gridPath, actorId: actor.id, data: { ...base, note: f.title, title: f.title, keyArea, category: f.category, gridPath: f.gridPath, location, address: f.address } },
      { type: EnforcementEvents.FindingReported, gridPath: f.gridPath, actorId: actor.id, data: finding },
    );
    return { caseId, ref };
  }

  /**
   * Consumer of `office.incident.dispatched` (unit = enforcement). Runs inside the inbox
   * transaction, so a redelivered event is a no-op; the live-case-per-incident index guards a
   * second dispatch of the same incident.
   */
  async openFromIncident(event: DomainEvent<IncidentEventData>, m: EntityManager): Promise<void> {
    const d = event.data;
    if (!dispatchedToEnforcement(d)) return;
    // The office's incident for our own patrol finding: link the case, do not open a second one.
    if (d.source === IncidentSource.EnforcementPatrol && d.sourceRef && UUID.test(d.sourceRef)) {
      if (await this.cases.linkIncident(m, d.sourceRef, d.incidentId)) return;
    }
    if (await this.cases.findLiveByIncident(m, d.incidentId)) return;
    const category = enforcementCategoryFor(d.category, d.keyArea);
    const ref = await this.cases.nextRef(m, 'case');
    const byId = d.byId ?? event.actorId ?? SYSTEM_ACTOR.id;
    const caseId = await this.cases.insert(m, {
      ref,
      incidentId: d.incidentId,
      origin: 'incident',
      title: d.title,
      description: d.note ?? d.title,
      category,
      keyArea: d.keyArea ?? ENFORCEMENT_CATEGORY_KEY_AREA[category],
      state: S.Opened,
      gridPath: d.gridPath,
      gridId: d.gridId,
      address: d.address,
      location: d.location,
      subjectKind: null,
      subjectName: null,
      subjectRepresentative: null,
      subjectIdNumberEnc: null,
      subjectIdNumberHash: null,
      subjectPhoneEnc: null,
      subjectPhoneHash: null,
      openedById: byId,
      openedByName: 'office dispatch',
      openedAt: new Date(event.occurredAt),
    });
    await this.log.append(m, {
      caseId,
      action: 'opened',
      actorId: byId,
      actorName: 'office dispatch',
      content: { origin: 'incident', ref, incidentId: d.incidentId, incidentCode: d.code, officeCategory: d.category, category, gridPath: d.gridPath, eventId: event.id },
    });
    await this.outbox.add(m, {
      type: EnforcementEvents.CaseOpened,
      gridPath: d.gridPath,
      // derived from the dispatch event: a replay yields the same event id
      id: uuidFrom(`${event.id}:opened`),
      data: { unit: Unit.Enforcement, incidentId: d.incidentId, caseId, caseType: ENFORCEMENT_CASE_TYPE, caseRef: ref, byId: null, note: null },
    });
  }

  /**
   * Consumer of `office.incident.duplicate_linked`: when the new report was our own patrol finding
   * (its source reference is the case id), the problem was already in the ledger, so the case
   * follows the existing incident.
   */
  async linkDuplicateFinding(event: DomainEvent<IncidentEventData>, m: EntityManager): Promise<void> {
    const d = event.data;
    if (!duplicateOfPatrolFinding(d)) return;
    if (!(await this.cases.linkIncident(m, d.duplicateSourceRef, d.incidentId))) return;
    await this.log.append(m, {
      caseId: d.duplicateSourceRef,
      action: 'incident_linked',
      actorId: event.actorId ?? SYSTEM_ACTOR.id,
      actorName: 'office intake',
      content: { incidentId: d.incidentId, incidentCode: d.code, duplicateIncidentId: d.duplicateId ?? null, eventId: event.id },
    });
  }

  /**
   * Where the case is: the given grid path, or the grid the registry locates the point in. When the
   * registry is down (or the point is on no grid) and no path was given, the caller must give one.
   */
  private async placeOf(actor: Actor, gridPath?: string, location?: { lng: number; lat: number }): Promise<{ gridPath: string; gridId: string | null }> {
    let place: { gridPath: string; gridId: string | null } | null = gridPath ? { gridPath, gridId: null } : null;
    if (!place && location) {
      try {
        const r = await this.rpc.request<LocateGrid.Reply>('grid-registry', LocateGrid.subject, { lng: location.lng, lat: location.lat }, { actor, timeoutMs: LOCATE_TIMEOUT_MS });
        place = { gridPath: r.grid.path, gridId: r.grid.id };
      } catch (e) {
        this.logger.warn(`locate failed, grid path required: ${(e as Error).message}`);
        throw new AppError(EnforcementErrorCode.GridPathRequired, 'The grid could not be located from the point (the grid registry is unavailable or the point is on no grid); give gridPath', {
          field: 'gridPath',
          reason: (e as AppError).code ?? 'UNKNOWN',
        });
      }
    }
    if (!place) throw new AppError(EnforcementErrorCode.GridPathRequired, 'Give gridPath or a location to place the case on a grid', { field: 'gridPath' });
    if (!isWithinScope(place.gridPath, actor.scope ?? '')) throw AppError.forbidden(`Grid ${place.gridPath} is outside your scope ${actor.scope}`);
    return place;
  }
}

/** An incident dispatched to the enforcement team (综合执法队): the others are none of its business. */
export function dispatchedToEnforcement(d: IncidentEventData): boolean {
  return d.unit === Unit.Enforcement;
}

/** A report the office took in as a duplicate whose source is one of our patrol findings (its case id): the others are none of ours. */
export function duplicateOfPatrolFinding(d: IncidentEventData): d is IncidentEventData & { duplicateSourceRef: string } {
  return d.duplicateSource === IncidentSource.EnforcementPatrol && !!d.duplicateSourceRef && UUID.test(d.duplicateSourceRef);
}

/** A deterministic uuid (v4-shaped) from a string, for events derived from other events. */
export function uuidFrom(s: string): string {
  const h = createHash('sha256').update(s).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
