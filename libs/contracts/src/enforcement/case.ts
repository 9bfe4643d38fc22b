import { IsEnum, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { KeyArea } from '../common/key-areas';
import { Page } from '../common/pagination';
import { EnforcementOfficerInput, EnforcementOfficerView, Officers } from './common-dto';
import { EnforcementCaseState, EnforcementCategory, EnforcementSubjectKind } from './labels';
import { rpcSubject } from '../common/rpc';
import { GeoPoint, IdRequest } from '../common/primitives';
import { Text, QueryInt, QueryNumber, Nested, GeoPointField, GridPath, EvidenceDigests } from '../common/fields';

/** The subject of a case (当事人): a person or an organisation; identifiers are stored encrypted. */
export class EnforcementSubjectInput {
  @IsEnum(EnforcementSubjectKind) kind: EnforcementSubjectKind;
  @Text(100, 1) name: string;
  /** Resident ID number (person) or unified social credit code (organisation). */
  @IsOptional()
  @IsString()
  @Matches(/^[0-9A-Za-z]{15,18}$/, { message: 'idNumber must be 15-18 letters or digits' }) idNumber?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[0-9+\- ]{7,20}$/, { message: 'phone must be 7-20 digits' }) phone?: string;
  /** Legal representative / person in charge, for an organisation. */
  @IsOptional() @Text(50) representative?: string;
}

export interface EnforcementSubjectView {
  kind: EnforcementSubjectKind;
  /** Masked (张**) for a person unless the caller may see identities. */
  name: string;
  idNumber: string | null;
  phone: string | null;
  representative: string | null;
  masked: boolean;
}

/** `enforcement.case.open`: the team's own patrol finding (自行巡查发现). Also creates the office incident, by event. */
export namespace OpenEnforcementCase {
  export const subject = rpcSubject<Request, Reply>('enforcement.case.open');
  export class Request {
    @Text(200, 2) title: string;
    @IsEnum(EnforcementCategory) category: EnforcementCategory;
    /** What was found (发现情况). */
    @Text(4000, 2) description: string;
    @IsOptional() @GridPath() @MaxLength(255) gridPath?: string;
    @IsOptional() @GeoPointField() location?: GeoPoint;
    @IsOptional() @Text(300) address?: string;
    @IsOptional() @Nested(() => EnforcementSubjectInput) subject?: EnforcementSubjectInput;
    /** When it was found (default now). */
    @IsOptional() @IsISO8601() foundAt?: string;
  }
  export type Reply = EnforcementCaseView;
}

/** How an enforcement case came to be opened. */
export type EnforcementCaseOrigin = 'incident' | 'patrol' | 'operation';

export interface EnforcementCaseView {
  id: string;
  ref: string;
  incidentId: string | null;
  /** how the case came: an office dispatch (派单), the team's patrol (巡查发现), a joint operation's finding at a place (联合执法发现) */
  origin: EnforcementCaseOrigin;
  title: string;
  description: string;
  category: EnforcementCategory;
  categoryLabel: { zh: string; en: string };
  keyArea: KeyArea;
  state: EnforcementCaseState;
  stateLabel: { zh: string; en: string };
  gridPath: string;
  gridId: string | null;
  address: string | null;
  location: { lng: number; lat: number } | null;
  subject: EnforcementSubjectView | null;
  finding: string | null;
  penalty: { amount: number; legalBasis: string } | null;
  forcedMeasure: { kind: string; demolishedAreaM2: number | null; description: string | null } | null;
  referredTo: string | null;
  closureType: string | null;
  openedById: string | null;
  openedByName: string | null;
  openedAt: string;
  handledAt: string | null;
  closedAt: string | null;
  /** the open notice's next re-inspection date, when there is one */
  nextReinspectionAt: string | null;
  /** Departments legally competent for the category (有权部门). */
  competentDepartments: { code: string; name: string; departmentId: string | null }[];
}

export interface EnforcementInspectionView {
  id: string;
  caseId: string;
  kind: 'inspection' | 'reinspection';
  noticeId: string | null;
  inspectedAt: string;
  officers: EnforcementOfficerView[];
  finding: string | null;
  result: string | null;
  notes: string;
  evidence: string[];
  nextReinspectionAt: string | null;
  recordedById: string;
}

export interface RectificationNoticeView {
  id: string;
  ref: string;
  caseId: string;
  caseRef: string;
  caseTitle: string;
  category: EnforcementCategory;
  gridPath: string;
  issuedAt: string;
  complyBy: string;
  requirements: string;
  legalBasis: string | null;
  officers: EnforcementOfficerView[];
  status: string;
  nextReinspectionAt: string | null;
  reinspections: number;
  compliedAt: string | null;
  overdue: boolean;
}

export interface EnforcementCaseDetail extends EnforcementCaseView {
  inspections: EnforcementInspectionView[];
  notices: RectificationNoticeView[];
  evidence: { sha256: string; mediaType: string; sizeBytes: number; caption: string | null; uploadedAt: string }[];
}

/** `enforcement.case.get` */
export namespace GetEnforcementCase {
  export const subject = rpcSubject<Request, Reply>('enforcement.case.get');
  export class Request extends IdRequest {}
  export type Reply = EnforcementCaseDetail;
}

/** `enforcement.case.list`: scoped by grid path (and by department for a liaison); keyset-paged. */
export namespace ListEnforcementCases {
  export const subject = rpcSubject<Request, Reply>('enforcement.case.list');
  export class Request {
    @IsOptional() @IsEnum(EnforcementCaseState) state?: EnforcementCaseState;
    @IsOptional() @IsEnum(EnforcementCategory) category?: EnforcementCategory;
    @IsOptional() @GridPath() gridPath?: string;
    @IsOptional() @IsUUID() incidentId?: string;
    @IsOptional() @Text(100) q?: string;
    @IsOptional() @IsISO8601() from?: string;
    @IsOptional() @IsISO8601() to?: string;
    @IsOptional() @QueryInt(1, 500) limit?: number;
    @IsOptional() @Text(200) cursor?: string;
  }
  export type Reply = Page<EnforcementCaseView>;
}

/** `enforcement.inspection.record`: an inspection (现场检查) with at least two officers; may state the finding. */
export namespace RecordEnforcementInspection {
  export const subject = rpcSubject<Request, Reply>('enforcement.inspection.record');
  export class Request {
    @IsUUID() caseId: string;
    @Officers() officers: EnforcementOfficerInput[];
    @IsOptional() @IsISO8601() inspectedAt?: string;
    /** confirmed 违法属实 | not_confirmed 查无违法 | absent: more inspection needed */
    @IsOptional() @IsIn(['confirmed', 'not_confirmed']) finding?: 'confirmed' | 'not_confirmed';
    @Text(4000, 2) notes: string;
    /** sha256 of evidence already uploaded to the case */
    @IsOptional() @EvidenceDigests(50) evidence?: string[];
    /** Re-classify the case when the inspection shows another category (logged). */
    @IsOptional() @IsEnum(EnforcementCategory) category?: EnforcementCategory;
  }
  export type Reply = EnforcementCaseDetail;
}

/** `enforcement.notice.issue`: a rectification notice (责令限期整改通知书) with a comply-by date. */
export namespace IssueRectificationNotice {
  export const subject = rpcSubject<Request, Reply>('enforcement.notice.issue');
  export class Request {
    @IsUUID() caseId: string;
    @Officers() officers: EnforcementOfficerInput[];
    @Text(4000, 2) requirements: string;
    @IsOptional() @Text(1000) legalBasis?: string;
    /** Comply-by date; default: issue date + the category's comply days. */
    @IsOptional() @IsISO8601() complyBy?: string;
    @IsOptional() @IsISO8601() issuedAt?: string;
  }
  export type Reply = EnforcementCaseDetail;
}

/** `enforcement.notice.reinspect`: a re-inspection (复查) of a notice; the result sets the next date. */
export namespace RecordReinspection {
  export const subject = rpcSubject<Request, Reply>('enforcement.notice.reinspect');
  export class Request {
    @IsUUID() noticeId: string;
    @Officers() officers: EnforcementOfficerInput[];
    @IsIn(['complied', 'not_complied']) result: 'complied' | 'not_complied';
    @Text(4000, 2) notes: string;
    @IsOptional() @IsISO8601() inspectedAt?: string;
    /** For not complied: the next re-inspection (default inspection date + 7 days). */
    @IsOptional() @IsISO8601() nextReinspectionAt?: string;
    @IsOptional() @EvidenceDigests(50) evidence?: string[];
  }
  export type Reply = EnforcementCaseDetail;
}

/** `enforcement.case.decide`: penalty (处罚决定), forced measure (强制措施) or referral (移送). */
export namespace DecideEnforcementCase {
  export const subject = rpcSubject<Request, Reply>('enforcement.case.decide');
  export class Request {
    @IsUUID() caseId: string;
    @IsIn(['penalty', 'forced_measure', 'referral']) kind: 'penalty' | 'forced_measure' | 'referral';
    @Officers() officers: EnforcementOfficerInput[];
    /** penalty: amount in yuan */
    @IsOptional() @QueryNumber(0, 100_000_000) amount?: number;
    /** penalty / forced measure: legal basis text (法律依据) */
    @IsOptional() @Text(2000) legalBasis?: string;
    /** forced measure: demolition | sealing | seizure | closure */
    @IsOptional() @IsIn(['demolition', 'sealing', 'seizure', 'closure']) measure?: 'demolition' | 'sealing' | 'seizure' | 'closure';
    /** demolition: area in m² */
    @IsOptional() @QueryNumber(0, 1_000_000) demolishedAreaM2?: number;
    /** referral: the authority it goes to (公安, 税务…) */
    @IsOptional() @Text(200) referredTo?: string;
    @Text(4000, 2) notes: string;
    @IsOptional() @IsISO8601() decidedAt?: string;
  }
  export type Reply = EnforcementCaseDetail;
}

/** `enforcement.case.close`: 结案. closureType defaults from the outcome. */
export namespace CloseEnforcementCase {
  export const subject = rpcSubject<Request, Reply>('enforcement.case.close');
  export class Request {
    @IsUUID() caseId: string;
    @Text(2000, 2) note: string;
    @IsOptional() @IsIn(['fixed', 'closed_not_fixed', 'referred']) closureType?: 'fixed' | 'closed_not_fixed' | 'referred';
  }
  export type Reply = EnforcementCaseDetail;
}

/** `enforcement.case.return`: not the team's matter (退回), back to the office's dispatch. */
export namespace ReturnEnforcementCase {
  export const subject = rpcSubject<Request, Reply>('enforcement.case.return');
  export class Request {
    @IsUUID() caseId: string;
    @Text(2000, 2) reason: string;
  }
  export type Reply = EnforcementCaseDetail;
}
