import { KeyArea } from '../common/key-areas';
import { Unit } from '../common/actor';

/**
 * Incident states (案件状态) of the office's workflow
 * (数字城管: 信息收集 → 立案 → 派遣 → 处置 → 反馈 → 核查 → 结案 → 评价).
 */
export enum IncidentState {
  Reported = 'reported', // 上报
  Registered = 'registered', // 立案
  Rejected = 'rejected', // 不予立案
  Dispatched = 'dispatched', // 派遣
  Accepted = 'accepted', // 受理
  InProgress = 'in_progress', // 处置中
  Handled = 'handled', // 处置完毕（反馈）
  Verified = 'verified', // 核查通过
  Closed = 'closed', // 结案
  Suspended = 'suspended', // 挂账
  Escalated = 'escalated', // 上报区级
  /** A "me too" report linked to an open incident (重复上报): terminal, not counted as found. */
  Duplicate = 'duplicate',
}

/** The actions of `POST /api/v1/incidents/{id}/{action}`. */
export enum IncidentAction {
  Register = 'register',
  Reject = 'reject',
  Dispatch = 'dispatch',
  Accept = 'accept',
  Return = 'return',
  Suspend = 'suspend',
  Resume = 'resume',
  Extend = 'extend',
  Handle = 'handle',
  Verify = 'verify',
  Rework = 'rework',
  Close = 'close',
  Escalate = 'escalate',
  Reopen = 'reopen',
  /** The desk links a report to the problem it repeats (合并重复件): it becomes a follower. */
  Merge = 'merge',
  /** The desk undoes a link: the follower is a problem of its own again (撤销合并). */
  Unmerge = 'unmerge',
}

/** Where a report came from (多网合一); each keeps the source's own reference. */
export enum IncidentSource {
  GridPatrol = 'grid_patrol',
  PatrolDiary = 'patrol_diary',
  Volunteer = 'volunteer',
  Camera = 'camera',
  Hotline12345 = 'hotline_12345',
  CityManagementHotline = 'city_management_hotline',
  MayorHotline = 'mayor_hotline',
  DistrictPlatform = 'district_platform',
  Open311 = 'open311',
  /** 综合执法队巡查发现: a finding the enforcement team made on its own patrol (enforcement.finding.reported). */
  EnforcementPatrol = 'enforcement_patrol',
  /** 信访组受理: a petition or dispute taken in at the petitions group (petitions.petition.received / petitions.dispute.opened). */
  PetitionsIntake = 'petitions_intake',
}

export enum ClosureType {
  Fixed = 'fixed',
  ClosedNotFixed = 'closed_not_fixed',
  NotResponsible = 'not_responsible',
  Referred = 'referred',
}

/** Where a problem was settled (解决层级). */
export enum ResolutionLevel {
  Grid = 'grid',
  Community = 'community',
  Street = 'street',
  District = 'district',
}

/** Domain events of the office, `office.<aggregate>.<past-tense>`. */
export const OfficeEvents = {
  IncidentReported: 'office.incident.reported',
  IncidentRegistered: 'office.incident.registered',
  IncidentRejected: 'office.incident.rejected',
  IncidentDispatched: 'office.incident.dispatched',
  IncidentAccepted: 'office.incident.accepted',
  IncidentReturned: 'office.incident.returned',
  IncidentSuspended: 'office.incident.suspended',
  IncidentResumed: 'office.incident.resumed',
  IncidentExtended: 'office.incident.extended',
  IncidentHandled: 'office.incident.handled',
  IncidentVerified: 'office.incident.verified',
  IncidentReworked: 'office.incident.reworked',
  IncidentClosed: 'office.incident.closed',
  IncidentEscalated: 'office.incident.escalated',
  IncidentReopened: 'office.incident.reopened',
  IncidentMerged: 'office.incident.merged',
  IncidentUnmerged: 'office.incident.unmerged',
  IncidentSupervised: 'office.incident.supervised',
  IncidentDuplicateLinked: 'office.incident.duplicate_linked',
  /** An assisting unit or department (协办) accepted, reported back or returned its part of a joint dispatch. */
  IncidentAssisted: 'office.incident.assisted',
  /** 筛选分类: key area and/or category corrected (at registration or later, with a reason). */
  IncidentReclassified: 'office.incident.reclassified',
  /** The reporter answered on a closed case (满意 / 基本满意 / 不满意): feeds 满意率 (docs/metrics.md). */
  IncidentRated: 'office.incident.rated',
  /** 区级处理: the district accepted (受理), answered (答复) or returned (退回) an escalation (data.note; answer/return bring the case back to the desk). */
  IncidentDistrictDecided: 'office.incident.district_decided',
  /** 催办: an urging sent to the responsible unit or department (by the centre, or by the 督办 sweep). */
  IncidentUrged: 'office.incident.urged',
  /** The responsible unit or department acknowledged an urging (催办签收). */
  UrgingAcknowledged: 'office.incident.urging_acknowledged',
  /** An unacknowledged urging past its due rose one level (责任单位 → 指挥长 → 区级). */
  UrgingRaised: 'office.incident.urging_raised',
  DiaryFiled: 'office.diary.filed',
  /** 民情日志抽查: a spot-checked diary was graded (DiaryCheckedData). */
  DiaryChecked: 'office.diary.checked',
  /** 通报讲评: a grid head's month in the published diary review (DiaryReviewedData). */
  DiaryReviewed: 'office.diary.reviewed',
} as const;
export type OfficeEventType = (typeof OfficeEvents)[keyof typeof OfficeEvents];

/** Data of every `office.incident.*` event: the incident as it is after the fact, plus the fact. */
export interface IncidentEventData {
  incidentId: string;
  code: string;
  title: string;
  keyArea: KeyArea;
  category: string;
  gridPath: string;
  gridId: string | null;
  state: IncidentState;
  fromState: IncidentState | null;
  source: string;
  /** account id of the grid worker or staff member who reported it, when it was one */
  reportedById: string | null;
  unit: Unit | null;
  departmentId: string | null;
  location: { lng: number; lat: number } | null;
  address: string | null;
  deadline: string | null;
  reportedAt: string;
  reworkCount: number;
  /**
   * This event made the case reworked for the first time (返工, counted once per case: a
   * verification sent back, or a reopening after a fixed closure; docs/metrics.md).
   */
  firstRework?: boolean;
  /** This event fed back the case's first handling result (处置, counted once per case). */
  firstHandled?: boolean;
  /** for closed: */
  closureType?: ClosureType | null;
  resolutionLevel?: ResolutionLevel | null;
  onTime?: boolean | null;
  note?: string | null;
  /** who did it */
  byId?: string | null;
  byRole?: string | null;
  /** The action that produced the event (register, dispatch …; `supervise` for 督办). */
  action?: string | null;
  /** The source's own reference (hotline ticket no., Open311 token …). */
  sourceRef?: string | null;
  priority?: number;
  /** For a duplicate: the original incident; for duplicate_linked on the original: the new report. */
  duplicateOfId?: string | null;
  duplicateId?: string | null;
  /** For duplicate_linked: the new report's source and source reference (a patrol finding's case id). */
  duplicateSource?: string | null;
  duplicateSourceRef?: string | null;
  leadUnit?: Unit | null;
  leadDepartmentId?: string | null;
  /** 协办: the assists of the current dispatch (joint dispatch). */
  assistUnits?: Unit[];
  assistDepartmentIds?: string[];
  /** office.incident.urged / .urging_acknowledged / .urging_raised: the urging (催办) and its level now. */
  urging?: { id: string; level: 'unit' | 'commander' | 'district'; unit: string | null; departmentId: string | null; due: string | null } | null;
  /** office.incident.rated: the reporter's answer (满意 / 基本满意 / 不满意). */
  satisfaction?: string | null;
  photos?: string[];
  /** For reclassified: the key area and category before (keyArea and category are the new ones). */
  reclassifiedFrom?: { keyArea: KeyArea; category: string } | null;
  /**
   * For escalated: what the district platform needs besides the above. No resident's name, not
   * even masked (version 2 of office.incident.escalated dropped `reporterName`): a district that
   * must reach the reporter asks the street, where the reveal is audited.
   */
  escalation?: {
    reason: string;
    description: string;
    history: { action: string; fromState: string | null; toState: string; at: string; byRole: string | null; note: string | null }[];
  } | null;
}

export interface DiaryFiledData {
  diaryId: string;
  authorId: string;
  gridId: string | null;
  gridPath: string;
  date: string;
  householdsVisited: number;
  problemsFound: number;
  incidentIds: string[];
}
