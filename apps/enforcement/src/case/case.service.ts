import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  Actor,
  AddEnforcementEvidence,
  CloseEnforcementCase,
  CorrectEnforcementCaseLog,
  DecideEnforcementCase,
  DomainEvent,
  ENFORCEMENT_CASE_TYPE,
  ENFORCEMENT_CATEGORY_KEY_AREA,
  ENFORCEMENT_CATEGORY_LABELS,
  EnforcementCaseDetail,
  EnforcementCaseState as S,
  EnforcementCategory,
  EnforcementErrorCode,
  EnforcementEvents,
  EVIDENCE_MAX_BYTES,
  FindingReportedData,
  NoticeEventData,
  GetEnforcementCase,
  GetEnforcementCaseLog,
  GetEnforcementEvidence,
  IncidentEventData,
  IncidentSource,
  IssueRectificationNotice,
  ListEnforcementCases,
  ListEnforcementInspections,
  ListRectificationNotices,
  LocateGrid,
  LOG_GENESIS_HASH,
  OpenEnforcementCase,
  Page,
  RecordEnforcementInspection,
  RecordReinspection,
  ReturnEnforcementCase,
  Role,
  SYSTEM_ACTOR,
  Unit,
  UnitCaseEventData,
  VerifyEnforcementCaseLog,
  EnforcementCaseView,
} from '@grid122/contracts';
import { AppError, NewEvent, OutboxWriter, RpcClient } from '@grid122/messaging';
import { isWithinScope } from '@grid122/access';
import { PiiCipher } from '@grid122/privacy';
import { DataSource, EntityManager } from 'typeorm';
import { assertRead, assertWrite, liaisonDepartment, scopeFor, seesIdentities } from '../shared/access';
import { sniffMediaType } from '../shared/evidence-sniff';
import { findFirstBreak } from '../shared/hash-chain';
import { requireTwoOfficers } from '../shared/officers';
import { ActionLogRepository } from './action-log.repository';
import { CaseAction, defaultClosureType, HANDLED_STATES, nextState } from './case-state-machine';
import { toCaseView, toInspectionView, toNoticeView } from './case.mapper';
import { CasePatch, CaseRepository } from './case.repository';
import { CaseRow } from './case.rows';
import { enforcementCategoryFor } from './office-category';

const DAY = 86_400_000;
/** A re-inspection that finds no compliance schedules the next one this many days on, unless told. */
export const DEFAULT_REINSPECTION_INTERVAL_DAYS = 7;
const LOCATE_TIMEOUT_MS = 2000;

interface Change {
  action: CaseAction | null;
  logAction: string;
  content: Record<string, unknown>;
  patch?: CasePatch;
  /** extra writes inside the transaction (inspections, notices) */
  write?: (m: EntityManager, row: CaseRow) => Promise<Record<string, unknown> | void>;
  note?: string | null;
  closureType?: string | null;
}

const cursorOf = (at: Date | string, id: string) => Buffer.from(JSON.stringify([new Date(at).toISOString(), id])).toString('base64url');
function parseCursor(c?: string): { at: string; id: string } | null {
  if (!c) return null;
  try {
    const [at, id] = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
    if (typeof at !== 'string' || typeof id !== 'string' || Number.isNaN(Date.parse(at))) throw new Error();
    return { at, id };
  } catch {
    throw AppError.validation([{ field: 'cursor', messages: ['cursor is not one this API gave out'] }]);
  }
}

function dateOr(field: string, v: string | undefined, fallback: Date): Date {
  if (!v) return fallback;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw AppError.validation([{ field, messages: [`${field} must be a date`] }]);
  return d;
}

/**
 * The rules of an enforcement case: opening (from the office or on patrol), inspections with the
 * two-officer rule, the rectification notice and its re-inspections, decisions, closing and
 * returning. Every change is one transaction: the case row (locked), its step rows, a hash-chained
 * log entry and the outbox events.
 */
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class CaseService {
  private readonly logger = new Logger(CaseService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly cases: CaseRepository,
    private readonly log: ActionLogRepository,
    private readonly outbox: OutboxWriter,
    private readonly rpc: RpcClient,
    private readonly cipher: PiiCipher,
  ) {}

  // ---- opening ---------------------------------------------------------------------------

  /** The team's own patrol finding: a case, and (by event) the office incident for the ledger. */
  async open(actor: Actor, req: OpenEnforcementCase.Request): Promise<EnforcementCaseDetail> {
    assertWrite(actor);
    const place = await this.placeOf(actor, req.gridPath, req.location);
    const foundAt = dateOr('foundAt', req.foundAt, new Date());
    if (foundAt.getTime() > Date.now() + 5 * 60_000) throw new AppError(EnforcementErrorCode.InvalidDate, 'foundAt is in the future', { field: 'foundAt' });
    const id = await this.ds.transaction(async (m) =>
      (await this.openIn(m, actor, { origin: 'patrol', title: req.title, description: req.description, category: req.category, gridPath: place.gridPath, gridId: place.gridId, address: req.address ?? null, location: req.location ?? null, subject: req.subject ?? null, foundAt })).caseId,
    );
    return this.detail(actor, id);
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
    const base = { unit: Unit.Enforcement, incidentId: null, caseId, caseType: ENFORCEMENT_CASE_TYPE, caseRef: ref, byId: actor.id, byName };
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
      reportedByName: byName,
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
    if (d.unit !== Unit.Enforcement) return;
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
      data: { unit: Unit.Enforcement, incidentId: d.incidentId, caseId, caseType: ENFORCEMENT_CASE_TYPE, caseRef: ref, byId: null, byName: null, note: null },
    });
  }

  /**
   * Consumer of `office.incident.duplicate_linked`: when the new report was our own patrol finding
   * (its source reference is the case id), the problem was already in the ledger, so the case
   * follows the existing incident.
   */
  async linkDuplicateFinding(event: DomainEvent<IncidentEventData>, m: EntityManager): Promise<void> {
    const d = event.data;
    if (d.duplicateSource !== IncidentSource.EnforcementPatrol || !d.duplicateSourceRef || !UUID.test(d.duplicateSourceRef)) return;
    if (!(await this.cases.linkIncident(m, d.duplicateSourceRef, d.incidentId))) return;
    await this.log.append(m, {
      caseId: d.duplicateSourceRef,
      action: 'incident_linked',
      actorId: event.actorId ?? SYSTEM_ACTOR.id,
      actorName: 'office intake',
      content: { incidentId: d.incidentId, incidentCode: d.code, duplicateIncidentId: d.duplicateId ?? null, eventId: event.id },
    });
  }

  // ---- reads -----------------------------------------------------------------------------

  async get(actor: Actor, req: GetEnforcementCase.Request): Promise<EnforcementCaseDetail> {
    assertRead(actor);
    return this.detail(actor, req.id);
  }

  async list(actor: Actor, req: ListEnforcementCases.Request): Promise<Page<EnforcementCaseView>> {
    assertRead(actor);
    const limit = req.limit ?? 50;
    const cursor = parseCursor(req.cursor);
    const rows = await this.cases.list({
      scope: scopeFor(actor, req.gridPath),
      liaisonDepartment: liaisonDepartment(actor),
      state: req.state,
      category: req.category,
      incidentId: req.incidentId,
      q: req.q,
      from: req.from,
      to: req.to,
      limit: limit + 1,
      cursor: cursor ? { openedAt: cursor.at, id: cursor.id } : null,
    });
    const page = rows.slice(0, limit);
    const competent = await this.cases.competentDepartments(this.ds, [...new Set(page.map((r) => r.category))]);
    // Lists show subjects masked for every role (issue 20 item 8); the case itself shows them to those who serve notices.
    return {
      items: page.map((r) => toCaseView(r, competent, false, this.cipher)),
      nextCursor: rows.length > limit ? cursorOf(page[page.length - 1].opened_at, page[page.length - 1].id) : null,
    };
  }

  /** Rows for the XLSX export (bounded). */
  async exportRows(actor: Actor, req: { gridPath?: string; from?: string; to?: string }, max = 5000): Promise<{ rows: EnforcementCaseView[]; truncated: boolean }> {
    assertRead(actor);
    const rows = await this.cases.list({ scope: scopeFor(actor, req.gridPath), liaisonDepartment: liaisonDepartment(actor), from: req.from, to: req.to, limit: max + 1 });
    const competent = await this.cases.competentDepartments(this.ds, [...new Set(rows.map((r) => r.category))]);
    const clear = seesIdentities(actor);
    return { rows: rows.slice(0, max).map((r) => toCaseView(r, competent, clear, this.cipher)), truncated: rows.length > max };
  }

  async listNotices(actor: Actor, req: ListRectificationNotices.Request) {
    assertRead(actor);
    const now = new Date();
    const rows = await this.cases.listNotices({
      scope: scopeFor(actor, req.gridPath),
      liaisonDepartment: liaisonDepartment(actor),
      overdue: req.overdue,
      status: req.status,
      category: req.category,
      limit: req.limit ?? 100,
      now,
    });
    return { items: rows.map((n) => toNoticeView(n, now)) };
  }

  async listInspections(actor: Actor, req: ListEnforcementInspections.Request) {
    assertRead(actor);
    const limit = req.limit ?? 50;
    const rows = await this.cases.listInspections({
      scope: scopeFor(actor, req.gridPath),
      liaisonDepartment: liaisonDepartment(actor),
      caseId: req.caseId,
      limit: limit + 1,
      cursor: parseCursor(req.cursor),
    });
    const page = rows.slice(0, limit);
    return {
      items: page.map(toInspectionView),
      nextCursor: rows.length > limit ? cursorOf(page[page.length - 1].inspected_at, page[page.length - 1].id) : null,
    };
  }

  // ---- the lifecycle -----------------------------------------------------------------------

  async inspect(actor: Actor, req: RecordEnforcementInspection.Request): Promise<EnforcementCaseDetail> {
    const officers = requireTwoOfficers(req.officers, 'inspection');
    const inspectedAt = dateOr('inspectedAt', req.inspectedAt, new Date());
    const evidence = [...new Set(req.evidence ?? [])];
    const action: CaseAction = req.finding === 'confirmed' ? 'confirm_violation' : req.finding === 'not_confirmed' ? 'not_confirm' : 'inspect';
    return this.change(actor, req.caseId, async (row) => {
      await this.requireEvidence(row.id, evidence);
      const patch: CasePatch = {};
      if (req.finding) patch.finding = req.finding;
      if (req.category && req.category !== row.category) {
        patch.category = req.category;
        patch.key_area = ENFORCEMENT_CATEGORY_KEY_AREA[req.category];
      }
      return {
        action,
        logAction: req.finding ? `inspection.${req.finding}` : 'inspection',
        content: { inspectedAt: inspectedAt.toISOString(), officers, finding: req.finding ?? null, notes: req.notes, evidence, reclassifiedFrom: patch.category ? row.category : undefined, category: patch.category },
        patch,
        note: req.notes,
        write: async (m) => ({
          inspectionId: await this.cases.insertInspection(m, { caseId: row.id, noticeId: null, kind: 'inspection', inspectedAt, officers, finding: req.finding ?? null, result: null, notes: req.notes, evidence, nextReinspectionAt: null, recordedById: actor.id }),
        }),
      };
    });
  }

  async issueNotice(actor: Actor, req: IssueRectificationNotice.Request): Promise<EnforcementCaseDetail> {
    const officers = requireTwoOfficers(req.officers, 'rectification notice');
    const issuedAt = dateOr('issuedAt', req.issuedAt, new Date());
    return this.change(actor, req.caseId, async (row, m) => {
      const days = (await this.cases.categoryComplyDays(m, row.category)) ?? 7;
      const complyBy = req.complyBy ? dateOr('complyBy', req.complyBy, issuedAt) : new Date(issuedAt.getTime() + days * DAY);
      if (complyBy.getTime() < issuedAt.getTime()) throw new AppError(EnforcementErrorCode.InvalidDate, 'complyBy must not be before the notice is issued', { field: 'complyBy' });
      return {
        action: 'issue_notice',
        logAction: 'notice.issued',
        content: { issuedAt: issuedAt.toISOString(), complyBy: complyBy.toISOString(), complyDays: req.complyBy ? null : days, requirements: req.requirements, legalBasis: req.legalBasis ?? null, officers },
        note: req.requirements,
        write: async (mm) => {
          const ref = await this.cases.nextRef(mm, 'notice');
          // the first re-inspection is due on the comply-by date
          const noticeId = await this.cases.insertNotice(mm, { ref, caseId: row.id, issuedAt, complyBy, requirements: req.requirements, legalBasis: req.legalBasis ?? null, officers });
          return { noticeId, noticeRef: ref };
        },
      };
    });
  }

  async reinspect(actor: Actor, req: RecordReinspection.Request): Promise<EnforcementCaseDetail> {
    const officers = requireTwoOfficers(req.officers, 're-inspection');
    const inspectedAt = dateOr('inspectedAt', req.inspectedAt, new Date());
    const notice = await this.cases.findNotice(this.ds, req.noticeId);
    if (!notice) throw new AppError(EnforcementErrorCode.NoticeNotFound, `Rectification notice ${req.noticeId} not found`, { id: req.noticeId });
    const evidence = [...new Set(req.evidence ?? [])];
    const complied = req.result === 'complied';
    return this.change(actor, notice.case_id, async (row, m) => {
      const current = await this.cases.findNotice(m, req.noticeId);
      if (!current || current.status !== 'open') throw AppError.illegalTransition('rectification notice', current?.status ?? 'unknown', 're-inspect');
      await this.requireEvidence(row.id, evidence);
      const next = complied ? null : dateOr('nextReinspectionAt', req.nextReinspectionAt, new Date(inspectedAt.getTime() + DEFAULT_REINSPECTION_INTERVAL_DAYS * DAY));
      if (next && next.getTime() <= inspectedAt.getTime()) throw new AppError(EnforcementErrorCode.InvalidDate, 'nextReinspectionAt must be after the re-inspection', { field: 'nextReinspectionAt' });
      return {
        action: complied ? 'reinspect_complied' : 'reinspect_not_complied',
        logAction: `reinspection.${req.result}`,
        content: { noticeId: req.noticeId, inspectedAt: inspectedAt.toISOString(), officers, result: req.result, notes: req.notes, evidence, nextReinspectionAt: next?.toISOString() ?? null },
        note: req.notes,
        write: async (mm) => {
          const inspectionId = await this.cases.insertInspection(mm, { caseId: row.id, noticeId: req.noticeId, kind: 'reinspection', inspectedAt, officers, finding: null, result: req.result, notes: req.notes, evidence, nextReinspectionAt: next, recordedById: actor.id });
          await this.cases.updateNotice(mm, req.noticeId, complied ? { status: 'complied', compliedAt: inspectedAt, nextReinspectionAt: null, reinspected: true } : { nextReinspectionAt: next, reinspected: true });
          return { inspectionId };
        },
      };
    });
  }

  async decide(actor: Actor, req: DecideEnforcementCase.Request): Promise<EnforcementCaseDetail> {
    const officers = requireTwoOfficers(req.officers, 'decision');
    const decidedAt = dateOr('decidedAt', req.decidedAt, new Date());
    const missing = (field: string, why: string) => AppError.validation([{ field, messages: [why] }]);
    let action: CaseAction;
    const patch: CasePatch = {};
    if (req.kind === 'penalty') {
      if (req.amount === undefined) throw missing('amount', 'amount is required for a penalty');
      if (!req.legalBasis) throw missing('legalBasis', 'legalBasis is required for a penalty');
      action = 'decide_penalty';
      Object.assign(patch, { penalty_amount: req.amount, legal_basis: req.legalBasis });
    } else if (req.kind === 'forced_measure') {
      if (!req.measure) throw missing('measure', 'measure is required for a forced measure');
      if (req.measure === 'demolition' && req.demolishedAreaM2 === undefined) throw missing('demolishedAreaM2', 'demolishedAreaM2 is required for a demolition');
      if (!req.legalBasis) throw missing('legalBasis', 'legalBasis is required for a forced measure');
      action = 'decide_forced_measure';
      Object.assign(patch, { forced_measure: req.measure, forced_measure_note: req.notes, demolished_area_m2: req.demolishedAreaM2 ?? null });
    } else {
      if (!req.referredTo) throw missing('referredTo', 'referredTo is required for a referral');
      action = 'refer';
      Object.assign(patch, { referred_to: req.referredTo });
    }
    return this.change(actor, req.caseId, async (row) => {
      // a forced measure keeps the penalty's legal basis beside its own in the log
      if (req.kind === 'forced_measure' && row.legal_basis) delete patch.legal_basis;
      return {
        action,
        logAction: `decision.${req.kind}`,
        content: { decidedAt: decidedAt.toISOString(), officers, kind: req.kind, amount: req.amount ?? null, legalBasis: req.legalBasis ?? null, measure: req.measure ?? null, demolishedAreaM2: req.demolishedAreaM2 ?? null, referredTo: req.referredTo ?? null, notes: req.notes },
        patch,
        note: req.notes,
        write: async (m) => void (await this.cases.settleOpenNotices(m, row.id, 'escalated')),
      };
    });
  }

  async close(actor: Actor, req: CloseEnforcementCase.Request): Promise<EnforcementCaseDetail> {
    return this.change(actor, req.caseId, async (row) => {
      const closureType = req.closureType ?? defaultClosureType(row.state as S);
      return {
        action: 'close',
        logAction: 'closed',
        content: { note: req.note, closureType, fromState: row.state },
        patch: { closure_type: closureType, closed_at: new Date() },
        note: req.note,
        closureType,
        write: async (m) => void (await this.cases.settleOpenNotices(m, row.id, 'closed')),
      };
    });
  }

  async returnCase(actor: Actor, req: ReturnEnforcementCase.Request): Promise<EnforcementCaseDetail> {
    return this.change(actor, req.caseId, async (row) => {
      // a patrol case has no office dispatch to go back to
      if (row.origin !== 'incident') throw AppError.illegalTransition('patrol enforcement case', row.state, 'return');
      return { action: 'return', logAction: 'returned', content: { reason: req.reason }, note: req.reason };
    });
  }

  // ---- evidence and the log ----------------------------------------------------------------

  async addEvidence(actor: Actor, req: AddEnforcementEvidence.Request): Promise<AddEnforcementEvidence.Reply> {
    assertWrite(actor);
    const bytes = Buffer.from(req.contentBase64, 'base64');
    if (bytes.length === 0) throw AppError.validation([{ field: 'contentBase64', messages: ['the file is empty'] }]);
    if (bytes.length > EVIDENCE_MAX_BYTES) throw new AppError(EnforcementErrorCode.EvidenceTooLarge, `Evidence is ${bytes.length} bytes; the limit is ${EVIDENCE_MAX_BYTES}`, { field: 'contentBase64', limit: EVIDENCE_MAX_BYTES });
    const mediaType = sniffMediaType(bytes);
    if (!mediaType) throw new AppError(EnforcementErrorCode.EvidenceTypeNotAllowed, 'Evidence must be a JPEG, PNG, WebP image or a PDF (checked by its content)', { field: 'contentBase64' });
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const caption = req.caption ?? null;
    return this.ds.transaction(async (m) => {
      const row = await this.cases.findVisible(m, req.caseId, scopeFor(actor), liaisonDepartment(actor), true);
      if (!row) throw this.notFound(req.caseId);
      const inserted = await this.cases.insertEvidence(m, { caseId: row.id, sha256, mediaType, content: bytes, caption, uploadedById: actor.id });
      if (inserted) {
        await this.log.append(m, { caseId: row.id, action: 'evidence.added', actorId: actor.id, actorName: actor.displayName ?? actor.username, content: { sha256, mediaType, sizeBytes: bytes.length, caption } });
        return { sha256, mediaType, sizeBytes: bytes.length, caption, uploadedAt: inserted.uploaded_at.toISOString(), created: true };
      }
      const meta = (await this.cases.evidenceMeta(m, row.id)).find((e) => e.sha256 === sha256)!;
      return { sha256, mediaType: meta.media_type, sizeBytes: meta.size_bytes, caption: meta.caption, uploadedAt: meta.uploaded_at.toISOString(), created: false };
    });
  }

  async getEvidence(actor: Actor, req: GetEnforcementEvidence.Request): Promise<GetEnforcementEvidence.Reply> {
    await this.visibleCase(actor, req.caseId);
    const e = await this.cases.evidenceContent(req.caseId, req.sha256);
    if (!e) throw AppError.notFound('evidence', req.sha256);
    return { sha256: req.sha256, mediaType: e.media_type, sizeBytes: e.size_bytes, contentBase64: e.content.toString('base64') };
  }

  async getLog(actor: Actor, req: GetEnforcementCaseLog.Request): Promise<GetEnforcementCaseLog.Reply> {
    await this.visibleCase(actor, req.caseId);
    const entries = await this.log.entries(req.caseId);
    return { caseId: req.caseId, entries };
  }

  /** Auditors (审计员) may verify any chain in their scope, without reading the case. */
  async verifyLog(actor: Actor, req: VerifyEnforcementCaseLog.Request): Promise<VerifyEnforcementCaseLog.Reply> {
    if (actor.role === Role.Auditor) {
      if (!(await this.cases.findVisible(this.ds, req.caseId, scopeFor(actor), null))) throw this.notFound(req.caseId);
    } else {
      await this.visibleCase(actor, req.caseId);
    }
    const entries = await this.log.entries(req.caseId);
    const firstBroken = findFirstBreak(entries, LOG_GENESIS_HASH);
    return { caseId: req.caseId, ok: firstBroken === null && entries.length > 0, entries: entries.length, headHash: entries.at(-1)?.hash ?? null, firstBroken };
  }

  /** A correction is a new entry; the corrected one stays as it was. */
  async correctLog(actor: Actor, req: CorrectEnforcementCaseLog.Request) {
    assertWrite(actor);
    return this.ds.transaction(async (m) => {
      const row = await this.cases.findVisible(m, req.caseId, scopeFor(actor), liaisonDepartment(actor), true);
      if (!row) throw this.notFound(req.caseId);
      const exists = await m.query(`SELECT 1 FROM enforcement.case_log WHERE case_id = $1 AND seq = $2`, [row.id, req.correctsSeq]);
      if (exists.length === 0) throw AppError.validation([{ field: 'correctsSeq', messages: [`entry ${req.correctsSeq} does not exist on this case`] }]);
      return this.log.append(m, { caseId: row.id, action: 'correction', actorId: actor.id, actorName: actor.displayName ?? actor.username, content: { correctsSeq: req.correctsSeq, correction: req.correction } });
    });
  }

  // ---- internals -------------------------------------------------------------------------

  private async change(actor: Actor, caseId: string, plan: (row: CaseRow, m: EntityManager) => Promise<Change>): Promise<EnforcementCaseDetail> {
    assertWrite(actor);
    await this.ds.transaction(async (m) => {
      const row = await this.cases.findVisible(m, caseId, scopeFor(actor), liaisonDepartment(actor), true);
      if (!row) throw this.notFound(caseId);
      const c = await plan(row, m);
      const from = row.state as S;
      const to = c.action ? nextState(from, c.action) : from;
      const patch: CasePatch = { ...(c.patch ?? {}) };
      if (to !== from) patch.state = to;
      const becomesHandled = HANDLED_STATES.has(to) && !row.handled_at;
      if (becomesHandled) patch.handled_at = new Date();
      const extra = (await c.write?.(m, row)) ?? {};
      await this.cases.update(m, row.id, patch);
      const byName = actor.displayName ?? actor.username;
      await this.log.append(m, { caseId: row.id, action: c.logAction, actorId: actor.id, actorName: byName, content: { ...c.content, ...extra, fromState: from, toState: to } });
      const base: UnitCaseEventData = { unit: Unit.Enforcement, incidentId: row.incident_id, caseId: row.id, caseType: ENFORCEMENT_CASE_TYPE, caseRef: row.ref, byId: actor.id, byName, note: c.note ?? null };
      const events: NewEvent[] = [];
      if (becomesHandled) events.push({ type: EnforcementEvents.CaseHandled, gridPath: row.grid_path, actorId: actor.id, data: { ...base, outcome: to } });
      if (to === S.Closed) events.push({ type: EnforcementEvents.CaseClosed, gridPath: row.grid_path, actorId: actor.id, data: { ...base, closureType: c.closureType ?? null } });
      if (to === S.Returned) events.push({ type: EnforcementEvents.CaseReturned, gridPath: row.grid_path, actorId: actor.id, data: base });
      // Notices issued and complied with feed the appraisal's indicators (notices_issued / _complied).
      const noticeId = (extra as { noticeId?: string }).noticeId ?? (c.content as { noticeId?: string }).noticeId;
      const noticeType = c.logAction === 'notice.issued' ? EnforcementEvents.NoticeIssued : c.logAction === 'reinspection.complied' ? EnforcementEvents.NoticeComplied : null;
      if (noticeType && noticeId) {
        const data: NoticeEventData = { unit: Unit.Enforcement, caseId: row.id, caseRef: row.ref, incidentId: row.incident_id, noticeId, byId: actor.id, byName, gridPath: row.grid_path };
        events.push({ type: noticeType, gridPath: row.grid_path, actorId: actor.id, data });
      }
      if (events.length) await this.outbox.add(m, ...events);
    });
    return this.detail(actor, caseId);
  }

  private async requireEvidence(caseId: string, hashes: string[]): Promise<void> {
    const missing = await this.cases.missingEvidence(this.ds, caseId, hashes);
    if (missing.length) throw new AppError(EnforcementErrorCode.EvidenceNotFound, `Evidence not on this case: ${missing.join(', ')}; upload it first`, { field: 'evidence', missing });
  }

  private async visibleCase(actor: Actor, id: string): Promise<CaseRow> {
    assertRead(actor);
    const row = await this.cases.findVisible(this.ds, id, scopeFor(actor), liaisonDepartment(actor));
    if (!row) throw this.notFound(id);
    return row;
  }

  private notFound(id: string): AppError {
    return new AppError(EnforcementErrorCode.CaseNotFound, `Enforcement case ${id} not found`, { id });
  }

  async detail(actor: Actor, id: string): Promise<EnforcementCaseDetail> {
    const row = await this.visibleCase(actor, id);
    const [competent, inspections, notices, evidence] = await Promise.all([
      this.cases.competentDepartments(this.ds, [row.category]),
      this.cases.inspectionsOf(this.ds, id),
      this.cases.noticesOf(this.ds, id),
      this.cases.evidenceMeta(this.ds, id),
    ]);
    const now = new Date();
    return {
      ...toCaseView(row, competent, seesIdentities(actor), this.cipher),
      inspections: inspections.map(toInspectionView),
      notices: notices.map((n) => toNoticeView(n, now)),
      evidence: evidence.map((e) => ({ sha256: e.sha256, mediaType: e.media_type, sizeBytes: e.size_bytes, caption: e.caption, uploadedAt: e.uploaded_at.toISOString() })),
    };
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

/** A deterministic uuid (v4-shaped) from a string, for events derived from other events. */
export function uuidFrom(s: string): string {
  const h = createHash('sha256').update(s).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
