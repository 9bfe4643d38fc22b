import {
  ENFORCEMENT_CASE_STATE_LABELS,
  ENFORCEMENT_CATEGORY_LABELS,
  EnforcementCaseState,
  EnforcementCaseView,
  EnforcementCategory,
  EnforcementInspectionView,
  EnforcementSubjectKind,
  EnforcementSubjectView,
  KeyArea,
  RectificationNoticeView,
} from '@grid122/contracts';
import { rowIso, rowPoint } from '@grid122/persistence';
import { maskIdNumber, maskName, maskPhone, PiiCipher } from '@grid122/privacy';
import { CaseRow, CompetentRow, InspectionRow, NoticeRow } from './case.rows';

const num = (s: string | null): number | null => (s === null || s === undefined ? null : Number(s));

/** Subject identifiers: decrypted for those who serve notices, masked for everyone else. */
export function toSubjectView(r: CaseRow, clear: boolean, cipher: PiiCipher): EnforcementSubjectView | null {
  if (!r.subject_kind || !r.subject_name) return null;
  const idNumber = r.subject_id_number_enc ? cipher.decrypt(r.subject_id_number_enc) : null;
  const phone = r.subject_phone_enc ? cipher.decrypt(r.subject_phone_enc) : null;
  const person = r.subject_kind === EnforcementSubjectKind.Person;
  return {
    kind: r.subject_kind as EnforcementSubjectKind,
    // An organisation's name is public (营业执照); a person's is personal data.
    name: clear || !person ? r.subject_name : (maskName(r.subject_name) as string),
    idNumber: clear || !person ? idNumber : maskIdNumber(idNumber),
    phone: clear ? phone : maskPhone(phone),
    representative: r.subject_representative ? (clear ? r.subject_representative : maskName(r.subject_representative)) : null,
    masked: !clear,
  };
}

export function toCaseView(r: CaseRow, competent: CompetentRow[], clear: boolean, cipher: PiiCipher): EnforcementCaseView {
  const state = r.state as EnforcementCaseState;
  const category = r.category as EnforcementCategory;
  return {
    id: r.id,
    ref: r.ref,
    incidentId: r.incident_id,
    origin: r.origin,
    title: r.title,
    description: r.description,
    category,
    categoryLabel: ENFORCEMENT_CATEGORY_LABELS[category],
    keyArea: r.key_area as KeyArea,
    state,
    stateLabel: ENFORCEMENT_CASE_STATE_LABELS[state],
    gridPath: r.grid_path,
    gridId: r.grid_id,
    address: r.address,
    location: rowPoint(r.lng, r.lat),
    subject: toSubjectView(r, clear, cipher),
    finding: r.finding,
    penalty: r.penalty_amount === null ? null : { amount: Number(r.penalty_amount), legalBasis: r.legal_basis ?? '' },
    forcedMeasure: r.forced_measure ? { kind: r.forced_measure, demolishedAreaM2: num(r.demolished_area_m2), description: r.forced_measure_note } : null,
    referredTo: r.referred_to,
    closureType: r.closure_type,
    openedById: r.opened_by_id,
    openedByName: r.opened_by_name,
    openedAt: rowIso(r.opened_at)!,
    handledAt: rowIso(r.handled_at),
    closedAt: rowIso(r.closed_at),
    nextReinspectionAt: rowIso(r.next_reinspection_at),
    competentDepartments: competent
      .filter((d) => d.category === r.category)
      .map((d) => ({ code: d.department_code, name: d.department_name, departmentId: d.department_id })),
  };
}

export function toNoticeView(n: NoticeRow, now: Date): RectificationNoticeView {
  return {
    id: n.id,
    ref: n.ref,
    caseId: n.case_id,
    caseRef: n.case_ref,
    caseTitle: n.case_title,
    category: n.category as EnforcementCategory,
    gridPath: n.grid_path,
    issuedAt: rowIso(n.issued_at)!,
    complyBy: rowIso(n.comply_by)!,
    requirements: n.requirements,
    legalBasis: n.legal_basis,
    officers: n.officers,
    status: n.status,
    nextReinspectionAt: rowIso(n.next_reinspection_at),
    reinspections: n.reinspections,
    compliedAt: rowIso(n.complied_at),
    overdue: n.status === 'open' && !!n.next_reinspection_at && new Date(n.next_reinspection_at) < now,
  };
}

export function toInspectionView(i: InspectionRow): EnforcementInspectionView {
  return {
    id: i.id,
    caseId: i.case_id,
    kind: i.kind,
    noticeId: i.notice_id,
    inspectedAt: rowIso(i.inspected_at)!,
    officers: i.officers,
    finding: i.finding,
    result: i.result,
    notes: i.notes,
    evidence: i.evidence ?? [],
    nextReinspectionAt: rowIso(i.next_reinspection_at),
    recordedById: i.recorded_by_id,
  };
}
