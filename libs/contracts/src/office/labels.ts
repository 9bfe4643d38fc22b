import { labelled, ValueOf } from '../common/labelled';
import { ClosureType, IncidentAction, IncidentSource, IncidentState, ResolutionLevel } from './events';

/**
 * A time limit's unit (时限单位), as configured per category and counted by the office's clock:
 * `working_hours` / `working_days` run only in the office's working time (工作时; a working day is
 * the day's working minutes), `calendar_days` is for legal-style limits (自然日): every day counts.
 * The English is said after a number (`7 calendar days`).
 */
export const { values: LimitUnit, labels: LIMIT_UNIT_LABELS } = labelled({
  WorkingHours: ['working_hours', '工作小时', 'working hours'],
  WorkingDays: ['working_days', '工作日', 'working days'],
  CalendarDays: ['calendar_days', '自然日', 'calendar days'],
});
export type LimitUnit = ValueOf<typeof LimitUnit>;
export const LIMIT_UNITS: readonly LimitUnit[] = Object.values(LimitUnit);

/** The incident clock's traffic light (红黄绿灯督办): red once overdue, yellow from 80 % of the limit used. */
export const { values: TrafficLight, labels: TRAFFIC_LIGHT_LABELS } = labelled({
  Green: ['green', '绿灯', 'Green'],
  Yellow: ['yellow', '黄灯', 'Yellow'],
  Red: ['red', '红灯', 'Red'],
});
export type TrafficLight = ValueOf<typeof TrafficLight>;
export const TRAFFIC_LIGHTS: readonly TrafficLight[] = Object.values(TrafficLight);

/** Chinese and English labels of the office's enums, in one place. */
export const INCIDENT_STATE_LABELS: Record<IncidentState, { zh: string; en: string }> = {
  [IncidentState.Reported]: { zh: '已上报', en: 'Reported' },
  [IncidentState.Registered]: { zh: '已立案', en: 'Registered' },
  [IncidentState.Rejected]: { zh: '不予立案', en: 'Rejected' },
  [IncidentState.Dispatched]: { zh: '已派遣', en: 'Dispatched' },
  [IncidentState.Accepted]: { zh: '已受理', en: 'Accepted' },
  [IncidentState.InProgress]: { zh: '处置中', en: 'In progress' },
  [IncidentState.Handled]: { zh: '已处置（待核查）', en: 'Handled' },
  [IncidentState.Verified]: { zh: '核查通过', en: 'Verified' },
  [IncidentState.Closed]: { zh: '已结案', en: 'Closed' },
  [IncidentState.Suspended]: { zh: '挂账', en: 'Suspended' },
  [IncidentState.Escalated]: { zh: '已上报区级', en: 'Escalated to the district' },
  [IncidentState.Duplicate]: { zh: '重复上报（已合并）', en: 'Duplicate (linked)' },
};

export const INCIDENT_ACTION_LABELS: Record<IncidentAction, { zh: string; en: string }> = {
  [IncidentAction.Register]: { zh: '立案', en: 'Register' },
  [IncidentAction.Reject]: { zh: '不予立案', en: 'Reject' },
  [IncidentAction.Dispatch]: { zh: '派遣', en: 'Dispatch' },
  [IncidentAction.Accept]: { zh: '受理', en: 'Accept' },
  [IncidentAction.Return]: { zh: '退回', en: 'Return' },
  [IncidentAction.Suspend]: { zh: '挂账', en: 'Suspend' },
  [IncidentAction.Resume]: { zh: '恢复', en: 'Resume' },
  [IncidentAction.Extend]: { zh: '延期', en: 'Extend' },
  [IncidentAction.Handle]: { zh: '处置反馈', en: 'Handle' },
  [IncidentAction.Verify]: { zh: '核查通过', en: 'Verify' },
  [IncidentAction.Rework]: { zh: '返工', en: 'Rework' },
  [IncidentAction.Close]: { zh: '结案', en: 'Close' },
  [IncidentAction.Escalate]: { zh: '上报区级', en: 'Escalate' },
  [IncidentAction.Reopen]: { zh: '重新办理', en: 'Reopen' },
  [IncidentAction.Merge]: { zh: '合并重复件', en: 'Merge into the original' },
  [IncidentAction.Unmerge]: { zh: '撤销合并', en: 'Unmerge' },
};

export const CLOSURE_TYPE_LABELS: Record<ClosureType, { zh: string; en: string }> = {
  [ClosureType.Fixed]: { zh: '已解决', en: 'Fixed' },
  [ClosureType.ClosedNotFixed]: { zh: '结案未解决', en: 'Closed, not fixed' },
  [ClosureType.NotResponsible]: { zh: '非本级职责', en: 'Not our responsibility' },
  [ClosureType.Referred]: { zh: '已转办', en: 'Referred' },
};

export const RESOLUTION_LEVEL_LABELS: Record<ResolutionLevel, { zh: string; en: string }> = {
  [ResolutionLevel.Grid]: { zh: '网格', en: 'Grid' },
  [ResolutionLevel.Community]: { zh: '社区', en: 'Community' },
  [ResolutionLevel.Street]: { zh: '街道', en: 'Street' },
  [ResolutionLevel.District]: { zh: '区级', en: 'District' },
};

export const INCIDENT_SOURCE_LABELS: Record<IncidentSource, { zh: string; en: string }> = {
  [IncidentSource.GridPatrol]: { zh: '网格巡查', en: 'Grid patrol' },
  [IncidentSource.PatrolDiary]: { zh: '民情日志', en: 'Patrol diary' },
  [IncidentSource.Volunteer]: { zh: '居民经志愿者反映', en: 'Resident via volunteer' },
  [IncidentSource.Camera]: { zh: '巡逻车摄像头', en: 'Camera' },
  [IncidentSource.Hotline12345]: { zh: '12345热线', en: '12345 hotline' },
  [IncidentSource.CityManagementHotline]: { zh: '城管热线', en: 'City-management hotline' },
  [IncidentSource.MayorHotline]: { zh: '市长电话', en: "Mayor's line" },
  [IncidentSource.DistrictPlatform]: { zh: '区级平台交办', en: 'District platform' },
  [IncidentSource.Open311]: { zh: 'Open311 客户端', en: 'Open311 client' },
  [IncidentSource.EnforcementPatrol]: { zh: '综合执法队巡查发现', en: 'Enforcement team patrol' },
  [IncidentSource.PetitionsIntake]: { zh: '信访组受理', en: 'Taken in by the petitions group' },
};
