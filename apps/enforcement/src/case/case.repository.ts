import { Injectable } from '@nestjs/common';
import { pointColumns, sequenceRef, SqlParams } from '@grid122/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { caseVisibility } from '../shared/case-visibility';
import { CaseRow, CompetentRow, InspectionRow, NoticeRow } from './case.rows';

type Q = DataSource | EntityManager;

const CASE_COLUMNS = `
  c.id, c.ref, c.incident_id, c.origin, c.title, c.description, c.category, c.key_area, c.state,
  c.grid_path::text AS grid_path, c.grid_id, c.address,
  ${pointColumns('c.point')},
  c.subject_kind, c.subject_name, c.subject_representative, c.subject_id_number_enc, c.subject_phone_enc,
  c.finding, c.penalty_amount, c.legal_basis, c.forced_measure, c.forced_measure_note, c.demolished_area_m2,
  c.referred_to, c.closure_type, c.opened_by_id, c.opened_by_name, c.opened_at, c.handled_at, c.closed_at,
  (SELECT n.next_reinspection_at FROM enforcement.notices n WHERE n.case_id = c.id AND n.status = 'open' ORDER BY n.issued_at DESC LIMIT 1) AS next_reinspection_at`;

const NOTICE_COLUMNS = `
  n.id, n.ref, n.case_id, c.ref AS case_ref, c.title AS case_title, c.category, c.grid_path::text AS grid_path,
  n.issued_at, n.comply_by, n.requirements, n.legal_basis, n.officers, n.status, n.next_reinspection_at,
  n.reinspections, n.complied_at`;

export interface NewCase {
  ref: string;
  incidentId: string | null;
  origin: 'incident' | 'patrol' | 'operation';
  title: string;
  description: string;
  category: string;
  keyArea: string;
  state: string;
  gridPath: string;
  gridId: string | null;
  address: string | null;
  location: { lng: number; lat: number } | null;
  subjectKind: string | null;
  subjectName: string | null;
  subjectRepresentative: string | null;
  subjectIdNumberEnc: string | null;
  subjectIdNumberHash: string | null;
  subjectPhoneEnc: string | null;
  subjectPhoneHash: string | null;
  openedById: string;
  openedByName: string | null;
  openedAt: Date;
}

/** Columns a state change may set (an allowlist: nothing else is ever written by `update`). */
export type CasePatch = Partial<{
  state: string;
  category: string;
  key_area: string;
  finding: string;
  penalty_amount: number;
  legal_basis: string;
  forced_measure: string;
  forced_measure_note: string;
  demolished_area_m2: number | null;
  referred_to: string;
  closure_type: string;
  handled_at: Date;
  closed_at: Date;
}>;
const PATCHABLE = new Set(['state', 'category', 'key_area', 'finding', 'penalty_amount', 'legal_basis', 'forced_measure', 'forced_measure_note', 'demolished_area_m2', 'referred_to', 'closure_type', 'handled_at', 'closed_at']);

export interface CaseListFilter {
  scope: string;
  liaisonDepartment: string | null;
  state?: string;
  category?: string;
  incidentId?: string;
  q?: string;
  from?: string;
  to?: string;
  limit: number;
  cursor?: { openedAt: string; id: string } | null;
}

@Injectable()
export class CaseRepository {
  constructor(private readonly ds: DataSource) {}

  async nextRef(m: Q, kind: 'case' | 'notice'): Promise<string> {
    const [prefix, seq] = kind === 'case' ? ['ZF', 'case_ref_seq'] : ['ZG', 'notice_ref_seq'];
    const rows = await m.query(`SELECT ${sequenceRef(prefix, `enforcement.${seq}`, 6)} AS ref`);
    return rows[0].ref;
  }

  async insert(m: EntityManager, c: NewCase): Promise<string> {
    const rows = await m.query(
      `INSERT INTO enforcement.cases (ref, incident_id, origin, title, description, category, key_area, state, grid_path, grid_id, address, point,
         subject_kind, subject_name, subject_representative, subject_id_number_enc, subject_id_number_hash, subject_phone_enc, subject_phone_hash,
         opened_by_id, opened_by_name, opened_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9::ltree,$10,$11,
         CASE WHEN $12::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($12::float8, $13::float8), 4326) END,
         $14,$15,$16,$17,$18,$19,$20,$21,$22,$23)
       RETURNING id`,
      [
        c.ref, c.incidentId, c.origin, c.title, c.description, c.category, c.keyArea, c.state, c.gridPath, c.gridId, c.address,
        c.location?.lng ?? null, c.location?.lat ?? null,
        c.subjectKind, c.subjectName, c.subjectRepresentative, c.subjectIdNumberEnc, c.subjectIdNumberHash, c.subjectPhoneEnc, c.subjectPhoneHash,
        c.openedById, c.openedByName, c.openedAt,
      ],
    );
    return rows[0].id;
  }

  /** The live case of an office incident, if any (the consumer's second idempotency guard). */
  /** Links a patrol case to the incident the office opened for it (its source reference is the case id). */
  async linkIncident(m: Q, caseId: string, incidentId: string): Promise<boolean> {
    // TypeORM answers an UPDATE with [rows, affected]: the rows are the first element.
    const [rows] = (await m.query(`UPDATE enforcement.cases SET incident_id = $2 WHERE id = $1 AND incident_id IS NULL RETURNING id`, [caseId, incidentId])) as [unknown[], number];
    return rows.length > 0;
  }

  async findLiveByIncident(m: Q, incidentId: string): Promise<{ id: string } | null> {
    const rows = await m.query(`SELECT id FROM enforcement.cases WHERE incident_id = $1 AND state <> 'returned' LIMIT 1`, [incidentId]);
    return rows[0] ?? null;
  }

  /** One case as the actor may see it; `lock` takes the row lock for a state change. */
  async findVisible(m: Q, id: string, scope: string, liaisonDepartment: string | null, lock = false): Promise<CaseRow | null> {
    const q = new SqlParams();
    caseVisibility(q.and(`c.id = ${q.p(id)}::uuid`), 'c', scope, liaisonDepartment);
    if (lock) await m.query(`SELECT 1 FROM enforcement.cases WHERE id = $1 FOR UPDATE`, [id]);
    const rows = await m.query(`SELECT ${CASE_COLUMNS} FROM enforcement.cases c ${q.where()}`, q.params);
    return rows[0] ?? null;
  }

  /** `ck`: the opened_at as text, to the microsecond, for the next page's cursor. */
  async list(f: CaseListFilter): Promise<(CaseRow & { ck: string })[]> {
    const q = caseVisibility(new SqlParams(), 'c', f.scope, f.liaisonDepartment);
    if (f.state) q.and(`c.state = ${q.p(f.state)}`);
    if (f.category) q.and(`c.category = ${q.p(f.category)}`);
    if (f.incidentId) q.and(`c.incident_id = ${q.p(f.incidentId)}::uuid`);
    if (f.from) q.and(`c.opened_at >= ${q.p(f.from)}::timestamptz`);
    if (f.to) q.and(`c.opened_at < ${q.p(f.to)}::timestamptz`);
    if (f.q) {
      const like = `%${f.q.replace(/[%_\\]/g, '\\$&')}%`;
      q.and(`(c.title ILIKE ${q.p(like)} OR c.ref ILIKE ${q.p(like)} OR c.address ILIKE ${q.p(like)})`);
    }
    const page = q.keysetDesc([['c.opened_at', 'timestamptz'], ['c.id', 'uuid']], f.cursor ? [f.cursor.openedAt, f.cursor.id] : null, f.limit);
    return this.ds.query(`SELECT ${CASE_COLUMNS}, c.opened_at::text AS ck FROM enforcement.cases c ${q.where()} ${page}`, q.params);
  }

  async update(m: EntityManager, id: string, patch: CasePatch): Promise<void> {
    const set = Object.fromEntries(Object.entries(patch).filter(([k]) => PATCHABLE.has(k)));
    if (Object.keys(set).length === 0) return;
    const q = new SqlParams();
    await m.query(`UPDATE enforcement.cases SET ${q.sets(set)}, updated_at = now() WHERE id = ${q.p(id)}`, q.params);
  }

  async insertInspection(
    m: EntityManager,
    i: { caseId: string; noticeId: string | null; kind: 'inspection' | 'reinspection'; inspectedAt: Date; officers: unknown; finding: string | null; result: string | null; notes: string; evidence: string[]; nextReinspectionAt: Date | null; recordedById: string },
  ): Promise<string> {
    const rows = await m.query(
      `INSERT INTO enforcement.inspections (case_id, notice_id, kind, inspected_at, officers, finding, result, notes, evidence, next_reinspection_at, recorded_by_id)
       VALUES ($1,$2,$3,$4,$5::jsonb,$6,$7,$8,$9::text[],$10,$11) RETURNING id`,
      [i.caseId, i.noticeId, i.kind, i.inspectedAt, JSON.stringify(i.officers), i.finding, i.result, i.notes, i.evidence, i.nextReinspectionAt, i.recordedById],
    );
    return rows[0].id;
  }

  async inspectionsOf(m: Q, caseId: string): Promise<InspectionRow[]> {
    return m.query(`SELECT * FROM enforcement.inspections WHERE case_id = $1 ORDER BY inspected_at, created_at`, [caseId]);
  }

  async listInspections(f: { scope: string; liaisonDepartment: string | null; caseId?: string; limit: number; cursor?: { at: string; id: string } | null }): Promise<(InspectionRow & { ck: string })[]> {
    const q = caseVisibility(new SqlParams(), 'c', f.scope, f.liaisonDepartment);
    if (f.caseId) q.and(`i.case_id = ${q.p(f.caseId)}::uuid`);
    const page = q.keysetDesc([['i.inspected_at', 'timestamptz'], ['i.id', 'uuid']], f.cursor ? [f.cursor.at, f.cursor.id] : null, f.limit);
    return this.ds.query(`SELECT i.*, i.inspected_at::text AS ck FROM enforcement.inspections i JOIN enforcement.cases c ON c.id = i.case_id ${q.where()} ${page}`, q.params);
  }

  async insertNotice(
    m: EntityManager,
    n: { ref: string; caseId: string; issuedAt: Date; complyBy: Date; requirements: string; legalBasis: string | null; officers: unknown },
  ): Promise<string> {
    const rows = await m.query(
      `INSERT INTO enforcement.notices (ref, case_id, issued_at, comply_by, requirements, legal_basis, officers, status, next_reinspection_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7::jsonb,'open',$4) RETURNING id`,
      [n.ref, n.caseId, n.issuedAt, n.complyBy, n.requirements, n.legalBasis, JSON.stringify(n.officers)],
    );
    return rows[0].id;
  }

  async findNotice(m: Q, id: string): Promise<{ id: string; case_id: string; status: string; issued_at: Date; next_reinspection_at: Date | null } | null> {
    const rows = await m.query(`SELECT id, case_id, status, issued_at, next_reinspection_at FROM enforcement.notices WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async openNoticeOf(m: Q, caseId: string): Promise<{ id: string } | null> {
    const rows = await m.query(`SELECT id FROM enforcement.notices WHERE case_id = $1 AND status = 'open' LIMIT 1`, [caseId]);
    return rows[0] ?? null;
  }

  async updateNotice(m: EntityManager, id: string, p: { status?: string; nextReinspectionAt?: Date | null; reinspected?: boolean; compliedAt?: Date }): Promise<void> {
    await m.query(
      `UPDATE enforcement.notices SET
         status = COALESCE($2, status),
         next_reinspection_at = CASE WHEN $3::boolean THEN $4::timestamptz ELSE next_reinspection_at END,
         reinspections = reinspections + CASE WHEN $5::boolean THEN 1 ELSE 0 END,
         complied_at = COALESCE($6, complied_at)
       WHERE id = $1`,
      [id, p.status ?? null, p.nextReinspectionAt !== undefined, p.nextReinspectionAt ?? null, p.reinspected ?? false, p.compliedAt ?? null],
    );
  }

  /** Closes every still-open notice of a case (escalated to a decision, or the case closed). */
  async settleOpenNotices(m: EntityManager, caseId: string, status: 'escalated' | 'closed'): Promise<void> {
    await m.query(`UPDATE enforcement.notices SET status = $2, next_reinspection_at = NULL WHERE case_id = $1 AND status = 'open'`, [caseId, status]);
  }

  async noticesOf(m: Q, caseId: string): Promise<NoticeRow[]> {
    return m.query(`SELECT ${NOTICE_COLUMNS} FROM enforcement.notices n JOIN enforcement.cases c ON c.id = n.case_id WHERE n.case_id = $1 ORDER BY n.issued_at`, [caseId]);
  }

  async listNotices(f: { scope: string; liaisonDepartment: string | null; overdue?: boolean; status?: string; category?: string; limit: number; now: Date }): Promise<NoticeRow[]> {
    const q = caseVisibility(new SqlParams(), 'c', f.scope, f.liaisonDepartment);
    if (f.overdue) q.and(`n.status = 'open' AND n.next_reinspection_at < ${q.p(f.now)}::timestamptz`);
    if (f.status) q.and(`n.status = ${q.p(f.status)}`);
    if (f.category) q.and(`c.category = ${q.p(f.category)}`);
    const limit = q.p(f.limit);
    const order = f.overdue ? 'n.next_reinspection_at ASC' : 'n.issued_at DESC';
    return this.ds.query(`SELECT ${NOTICE_COLUMNS} FROM enforcement.notices n JOIN enforcement.cases c ON c.id = n.case_id ${q.where()} ORDER BY ${order}, n.id LIMIT ${limit}`, q.params);
  }

  async insertEvidence(m: EntityManager, e: { caseId: string; sha256: string; mediaType: string; content: Buffer; caption: string | null; uploadedById: string }): Promise<{ uploaded_at: Date } | null> {
    const rows = await m.query(
      `INSERT INTO enforcement.evidence (case_id, sha256, media_type, size_bytes, content, caption, uploaded_by_id)
       VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (case_id, sha256) DO NOTHING RETURNING uploaded_at`,
      [e.caseId, e.sha256, e.mediaType, e.content.length, e.content, e.caption, e.uploadedById],
    );
    return rows[0] ?? null;
  }

  async evidenceMeta(m: Q, caseId: string): Promise<{ sha256: string; media_type: string; size_bytes: number; caption: string | null; uploaded_at: Date }[]> {
    return m.query(`SELECT sha256, media_type, size_bytes, caption, uploaded_at FROM enforcement.evidence WHERE case_id = $1 ORDER BY uploaded_at`, [caseId]);
  }

  async missingEvidence(m: Q, caseId: string, hashes: string[]): Promise<string[]> {
    if (hashes.length === 0) return [];
    const rows: { h: string }[] = await m.query(
      `SELECT h FROM unnest($2::text[]) AS h WHERE NOT EXISTS (SELECT 1 FROM enforcement.evidence e WHERE e.case_id = $1 AND e.sha256 = h)`,
      [caseId, hashes],
    );
    return rows.map((r) => r.h);
  }

  async evidenceContent(caseId: string, sha256: string): Promise<{ media_type: string; size_bytes: number; content: Buffer } | null> {
    const rows = await this.ds.query(`SELECT media_type, size_bytes, content FROM enforcement.evidence WHERE case_id = $1 AND sha256 = $2`, [caseId, sha256]);
    return rows[0] ?? null;
  }

  async competentDepartments(m: Q, categories: string[]): Promise<CompetentRow[]> {
    return m.query(
      `SELECT category, department_code, department_name, department_id FROM enforcement.competent_departments WHERE category = ANY($1::text[]) ORDER BY category, sort, department_code`,
      [categories],
    );
  }

  async categoryComplyDays(m: Q, category: string): Promise<number | null> {
    const rows = await m.query(`SELECT comply_days FROM enforcement.categories WHERE code = $1`, [category]);
    return rows[0]?.comply_days ?? null;
  }
}
