import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  Actor,
  AddEnforcementEvidence,
  CloseEnforcementCase,
  CorrectEnforcementCaseLog,
  DecideEnforcementCase,
  ENFORCEMENT_CASE_TYPE,
  ENFORCEMENT_CATEGORY_KEY_AREA,
  EnforcementCaseDetail,
  EnforcementCaseState as S,
  EnforcementErrorCode,
  EnforcementEvents,
  EVIDENCE_MAX_BYTES,
  IssueRectificationNotice,
  NoticeEventData,
  RecordEnforcementInspection,
  RecordReinspection,
  ReturnEnforcementCase,
  Unit,
  UnitCaseEventData,
} from '@grid122/contracts';
import { AppError, NewEvent, OutboxWriter } from '@grid122/messaging';
import { DataSource, EntityManager } from 'typeorm';
import { assertWrite, liaisonDepartment, scopeFor } from '../shared/access';
import { sniffMediaType } from '../shared/evidence-sniff';
import { requireTwoOfficers } from '../shared/officers';
import { ActionLogRepository } from './action-log.repository';
import { CaseAction, defaultClosureType, HANDLED_STATES, nextState } from './case-state-machine';
import { CasePatch, CaseRepository } from './case.repository';
import { CaseRow } from './case.rows';
import { CaseQueryService, caseNotFound } from './case-query.service';
import { dateOr } from './case.inputs';

const DAY = 86_400_000;
/** A re-inspection that finds no compliance schedules the next one this many days on, unless told. */
export const DEFAULT_REINSPECTION_INTERVAL_DAYS = 7;

/** What one step does to a case, planned from its locked row; `change` applies it. */
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

/**
 * The lifecycle of an open enforcement case: inspections with the two-officer rule, the
 * rectification notice and its re-inspections, decisions, closing and returning, evidence and log
 * corrections. Every change is one transaction: the case row (locked), its step rows, a
 * hash-chained log entry and the outbox events.
 */
@Injectable()
export class CaseWorkflowService {
  constructor(
    private readonly ds: DataSource,
    private readonly cases: CaseRepository,
    private readonly log: ActionLogRepository,
    private readonly outbox: OutboxWriter,
    private readonly queries: CaseQueryService,
  ) {}

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
      if (!row) throw caseNotFound(req.caseId);
      const inserted = await this.cases.insertEvidence(m, { caseId: row.id, sha256, mediaType, content: bytes, caption, uploadedById: actor.id });
      if (inserted) {
        await this.log.append(m, { caseId: row.id, action: 'evidence.added', actorId: actor.id, actorName: actor.displayName ?? actor.username, content: { sha256, mediaType, sizeBytes: bytes.length, caption } });
        return { sha256, mediaType, sizeBytes: bytes.length, caption, uploadedAt: inserted.uploaded_at.toISOString(), created: true };
      }
      const meta = (await this.cases.evidenceMeta(m, row.id)).find((e) => e.sha256 === sha256)!;
      return { sha256, mediaType: meta.media_type, sizeBytes: meta.size_bytes, caption: meta.caption, uploadedAt: meta.uploaded_at.toISOString(), created: false };
    });
  }

  /** A correction is a new entry; the corrected one stays as it was. */
  async correctLog(actor: Actor, req: CorrectEnforcementCaseLog.Request) {
    assertWrite(actor);
    return this.ds.transaction(async (m) => {
      const row = await this.cases.findVisible(m, req.caseId, scopeFor(actor), liaisonDepartment(actor), true);
      if (!row) throw caseNotFound(req.caseId);
      const exists = await m.query(`SELECT 1 FROM enforcement.case_log WHERE case_id = $1 AND seq = $2`, [row.id, req.correctsSeq]);
      if (exists.length === 0) throw AppError.validation([{ field: 'correctsSeq', messages: [`entry ${req.correctsSeq} does not exist on this case`] }]);
      return this.log.append(m, { caseId: row.id, action: 'correction', actorId: actor.id, actorName: actor.displayName ?? actor.username, content: { correctsSeq: req.correctsSeq, correction: req.correction } });
    });
  }

  private async change(actor: Actor, caseId: string, plan: (row: CaseRow, m: EntityManager) => Promise<Change>): Promise<EnforcementCaseDetail> {
    assertWrite(actor);
    await this.ds.transaction(async (m) => {
      const row = await this.cases.findVisible(m, caseId, scopeFor(actor), liaisonDepartment(actor), true);
      if (!row) throw caseNotFound(caseId);
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
      const base: UnitCaseEventData = { unit: Unit.Enforcement, incidentId: row.incident_id, caseId: row.id, caseType: ENFORCEMENT_CASE_TYPE, caseRef: row.ref, byId: actor.id, note: c.note ?? null };
      const events: NewEvent[] = [];
      if (becomesHandled) events.push({ type: EnforcementEvents.CaseHandled, gridPath: row.grid_path, actorId: actor.id, data: { ...base, outcome: to } });
      if (to === S.Closed) events.push({ type: EnforcementEvents.CaseClosed, gridPath: row.grid_path, actorId: actor.id, data: { ...base, closureType: c.closureType ?? null } });
      if (to === S.Returned) events.push({ type: EnforcementEvents.CaseReturned, gridPath: row.grid_path, actorId: actor.id, data: base });
      // Notices issued and complied with feed the appraisal's indicators (notices_issued / _complied).
      const noticeId = (extra as { noticeId?: string }).noticeId ?? (c.content as { noticeId?: string }).noticeId;
      const noticeType = c.logAction === 'notice.issued' ? EnforcementEvents.NoticeIssued : c.logAction === 'reinspection.complied' ? EnforcementEvents.NoticeComplied : null;
      if (noticeType && noticeId) {
        const data: NoticeEventData = { unit: Unit.Enforcement, caseId: row.id, caseRef: row.ref, incidentId: row.incident_id, noticeId, byId: actor.id, gridPath: row.grid_path };
        events.push({ type: noticeType, gridPath: row.grid_path, actorId: actor.id, data });
      }
      if (events.length) await this.outbox.add(m, ...events);
    });
    return this.queries.detail(actor, caseId);
  }

  private async requireEvidence(caseId: string, hashes: string[]): Promise<void> {
    const missing = await this.cases.missingEvidence(this.ds, caseId, hashes);
    if (missing.length) throw new AppError(EnforcementErrorCode.EvidenceNotFound, `Evidence not on this case: ${missing.join(', ')}; upload it first`, { field: 'evidence', missing });
  }
}
