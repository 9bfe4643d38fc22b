import { Injectable } from '@nestjs/common';
import {
  Actor,
  EnforcementCaseDetail,
  EnforcementCaseView,
  EnforcementErrorCode,
  GetEnforcementCase,
  GetEnforcementCaseLog,
  GetEnforcementEvidence,
  ListEnforcementCases,
  ListEnforcementInspections,
  ListRectificationNotices,
  LOG_GENESIS_HASH,
  Page,
  Role,
  VerifyEnforcementCaseLog,
} from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { decodeCursor, keysetPage } from '@grid122/persistence';
import { PiiCipher } from '@grid122/privacy';
import { DataSource } from 'typeorm';
import { assertRead, liaisonDepartment, scopeFor, seesIdentities } from '../shared/access';
import { findFirstBreak } from '../shared/hash-chain';
import { ActionLogRepository } from './action-log.repository';
import { toCaseView, toInspectionView, toNoticeView } from './case.mapper';
import { CaseRepository } from './case.repository';
import { CaseRow } from './case.rows';

export function caseNotFound(id: string): AppError {
  return new AppError(EnforcementErrorCode.CaseNotFound, `Enforcement case ${id} not found`, { id });
}

/**
 * The reads of enforcement cases: a case with its inspections, notices and evidence (masked by
 * role), the lists and the export's rows, the evidence's bytes and the hash-chained log (and its
 * verification, for auditors too). Nothing here writes.
 */
@Injectable()
export class CaseQueryService {
  constructor(
    private readonly ds: DataSource,
    private readonly cases: CaseRepository,
    private readonly log: ActionLogRepository,
    private readonly cipher: PiiCipher,
  ) {}

  async get(actor: Actor, req: GetEnforcementCase.Request): Promise<EnforcementCaseDetail> {
    assertRead(actor);
    return this.detail(actor, req.id);
  }

  async list(actor: Actor, req: ListEnforcementCases.Request): Promise<Page<EnforcementCaseView>> {
    assertRead(actor);
    const limit = req.limit ?? 50;
    const cursor = req.cursor ? decodeCursor(req.cursor, ['time', 'uuid']) : null;
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
      cursor: cursor ? { openedAt: cursor[0], id: cursor[1] } : null,
    });
    const competent = await this.cases.competentDepartments(this.ds, [...new Set(rows.slice(0, limit).map((r) => r.category))]);
    // Lists show subjects masked for every role (issue 20 item 8); the case itself shows them to those who serve notices.
    return keysetPage(rows, limit, (r) => toCaseView(r, competent, false, this.cipher), (r) => [r.ck, r.id]);
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
    const cursor = req.cursor ? decodeCursor(req.cursor, ['time', 'uuid']) : null;
    const rows = await this.cases.listInspections({
      scope: scopeFor(actor, req.gridPath),
      liaisonDepartment: liaisonDepartment(actor),
      caseId: req.caseId,
      limit: limit + 1,
      cursor: cursor ? { at: cursor[0], id: cursor[1] } : null,
    });
    return keysetPage(rows, limit, toInspectionView, (r) => [r.ck, r.id]);
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
      if (!(await this.cases.findVisible(this.ds, req.caseId, scopeFor(actor), null))) throw caseNotFound(req.caseId);
    } else {
      await this.visibleCase(actor, req.caseId);
    }
    const entries = await this.log.entries(req.caseId);
    const firstBroken = findFirstBreak(entries, LOG_GENESIS_HASH);
    return { caseId: req.caseId, ok: firstBroken === null && entries.length > 0, entries: entries.length, headHash: entries.at(-1)?.hash ?? null, firstBroken };
  }

  /** The case if the caller may read it, else not found (the same answer for a case out of scope). */
  async visibleCase(actor: Actor, id: string): Promise<CaseRow> {
    assertRead(actor);
    const row = await this.cases.findVisible(this.ds, id, scopeFor(actor), liaisonDepartment(actor));
    if (!row) throw caseNotFound(id);
    return row;
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
}
