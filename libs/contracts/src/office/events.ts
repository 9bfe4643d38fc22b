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
  IncidentSupervised: 'office.incident.supervised',
  IncidentDuplicateLinked: 'office.incident.duplicate_linked',
  DiaryFiled: 'office.diary.filed',
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
  /** for closed: */
  closureType?: ClosureType | null;
  resolutionLevel?: ResolutionLevel | null;
  onTime?: boolean | null;
  note?: string | null;
  /** who did it */
  byId?: string | null;
  byRole?: string | null;
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
