/**
 * Indicators (考核指标) kept per person, per grid (every ancestor path: L3, L2, L1, street…) and
 * per month, aggregated from `indicator_facts`. `activity` marks pure activity counts: rules
 * against formalism cap what a plan may weigh them (patrol kilometres, clock-ins, hours online
 * are counted nowhere as merit).
 */
export enum Indicator {
  IncidentsReported = 'incidents_reported', // 发现上报
  IncidentsRegistered = 'incidents_registered', // 立案
  IncidentsDispatched = 'incidents_dispatched', // 派遣
  IncidentsAccepted = 'incidents_accepted', // 受理 (响应)
  IncidentsHandled = 'incidents_handled', // 处置
  IncidentsClosed = 'incidents_closed', // 结案
  IncidentsFixed = 'incidents_fixed', // 结案且已解决
  IncidentsClosedOnTime = 'incidents_closed_on_time', // 按期结案
  IncidentsReworked = 'incidents_reworked', // 返工
  IncidentsReturned = 'incidents_returned', // 退回
  IncidentsEscalated = 'incidents_escalated', // 上报区级
  ResolvedAtGrid = 'resolved_at_grid', // 解决层级: 网格
  ResolvedAtCommunity = 'resolved_at_community', // 社区
  ResolvedAtStreet = 'resolved_at_street', // 街道
  ResolvedAtDistrict = 'resolved_at_district', // 区级
  DiariesFiled = 'diaries_filed', // 民情日志
  HouseholdVisits = 'household_visits', // 入户走访
  FollowupsDone = 'followups_done', // 回访/帮教 完成
  FollowupsDue = 'followups_due', // 应回访
  PetitionsReplied = 'petitions_replied', // 信访答复
  PetitionsRepliedOnTime = 'petitions_replied_on_time', // 按期答复
  DisputesSettled = 'disputes_settled', // 矛盾化解
  ServicesDelivered = 'services_delivered', // 服务送达
  NoticesIssued = 'notices_issued', // 整改通知
  NoticesComplied = 'notices_complied', // 按期整改
  ComplaintsVerified = 'complaints_verified', // 经查实的投诉
  SurveysAnswered = 'surveys_answered', // 回访答复
  SurveysSatisfied = 'surveys_satisfied', // 满意 (>=4 且已解决)
  // 督查 (issue 25): diaries supervised, meetings of 三会一评
  DiaryDaysExpected = 'diary_days_expected', // 应报民情日志天数
  DiaryDaysFiled = 'diary_days_filed', // 已报民情日志天数
  DiaryChecks = 'diary_checks', // 日志抽查篇数
  DiaryCheckPoints = 'diary_check_points', // 日志抽查得分率合计 (100 分 = 1)
  MeetingsDue = 'meetings_due', // 应参会次数
  MeetingsAttended = 'meetings_attended', // 实参会次数
  DecisionsAssigned = 'decisions_assigned', // 会议决议（责任）
  DecisionsKept = 'decisions_kept', // 按期落实决议
  // Pure activity counts: never fed as merit by default; a plan may weigh them only up to the cap.
  PatrolKm = 'patrol_km', // 巡查里程
  ClockIns = 'clock_ins', // 打卡
  HoursOnline = 'hours_online', // 在线时长
  AppActions = 'app_actions', // APP 操作次数
}

export const INDICATORS: readonly Indicator[] = Object.values(Indicator);

export const INDICATOR_LABELS: Record<Indicator, { zh: string; en: string; activity: boolean }> = {
  [Indicator.IncidentsReported]: { zh: '发现上报问题数', en: 'Problems found and reported', activity: false },
  [Indicator.IncidentsRegistered]: { zh: '立案数', en: 'Registered', activity: false },
  [Indicator.IncidentsDispatched]: { zh: '派遣数', en: 'Dispatched', activity: false },
  [Indicator.IncidentsAccepted]: { zh: '受理（响应）数', en: 'Accepted (responded)', activity: false },
  [Indicator.IncidentsHandled]: { zh: '处置数', en: 'Handled', activity: false },
  [Indicator.IncidentsClosed]: { zh: '结案数', en: 'Closed', activity: false },
  [Indicator.IncidentsFixed]: { zh: '解决数', en: 'Closed as fixed', activity: false },
  [Indicator.IncidentsClosedOnTime]: { zh: '按期结案数', en: 'Closed on time', activity: false },
  [Indicator.IncidentsReworked]: { zh: '返工数', en: 'Reworked', activity: false },
  [Indicator.IncidentsReturned]: { zh: '退回数', en: 'Returned', activity: false },
  [Indicator.IncidentsEscalated]: { zh: '上报区级数', en: 'Escalated to the district', activity: false },
  [Indicator.ResolvedAtGrid]: { zh: '网格内解决数', en: 'Resolved in the grid', activity: false },
  [Indicator.ResolvedAtCommunity]: { zh: '社区解决数', en: 'Resolved in the community', activity: false },
  [Indicator.ResolvedAtStreet]: { zh: '街道解决数', en: 'Resolved by the street', activity: false },
  [Indicator.ResolvedAtDistrict]: { zh: '区级解决数', en: 'Resolved by the district', activity: false },
  [Indicator.DiariesFiled]: { zh: '民情日志篇数', en: 'Diaries filed', activity: true },
  [Indicator.HouseholdVisits]: { zh: '入户走访户数', en: 'Household visits', activity: true },
  [Indicator.FollowupsDone]: { zh: '已完成回访/帮教', en: 'Follow-ups done', activity: false },
  [Indicator.FollowupsDue]: { zh: '应完成回访/帮教', en: 'Follow-ups due', activity: false },
  [Indicator.PetitionsReplied]: { zh: '信访答复数', en: 'Petitions replied', activity: false },
  [Indicator.PetitionsRepliedOnTime]: { zh: '信访按期答复数', en: 'Petitions replied on time', activity: false },
  [Indicator.DisputesSettled]: { zh: '矛盾化解数', en: 'Disputes settled', activity: false },
  [Indicator.ServicesDelivered]: { zh: '为民服务数', en: 'Services delivered', activity: false },
  [Indicator.NoticesIssued]: { zh: '整改通知数', en: 'Rectification notices issued', activity: false },
  [Indicator.NoticesComplied]: { zh: '按期整改数', en: 'Notices complied with', activity: false },
  [Indicator.ComplaintsVerified]: { zh: '查实投诉数', en: 'Verified complaints', activity: false },
  [Indicator.SurveysAnswered]: { zh: '回访答复数', en: 'Return visits answered', activity: false },
  [Indicator.SurveysSatisfied]: { zh: '回访满意数', en: 'Return visits satisfied', activity: false },
  [Indicator.DiaryDaysExpected]: { zh: '应报民情日志天数', en: 'Diary days expected', activity: true },
  [Indicator.DiaryDaysFiled]: { zh: '已报民情日志天数', en: 'Diary days filed', activity: true },
  [Indicator.DiaryChecks]: { zh: '日志抽查篇数', en: 'Diaries spot-checked', activity: false },
  [Indicator.DiaryCheckPoints]: { zh: '日志抽查得分率合计', en: 'Spot-check points as shares of 100 (sum)', activity: false },
  [Indicator.MeetingsDue]: { zh: '应参会次数', en: 'Meetings due', activity: true },
  [Indicator.MeetingsAttended]: { zh: '实参会次数', en: 'Meetings attended', activity: true },
  [Indicator.DecisionsAssigned]: { zh: '承办会议决议数', en: 'Meeting decisions owned', activity: false },
  [Indicator.DecisionsKept]: { zh: '按期落实决议数', en: 'Decisions kept on time', activity: false },
  [Indicator.PatrolKm]: { zh: '巡查里程（公里）', en: 'Patrol distance (km)', activity: true },
  [Indicator.ClockIns]: { zh: '打卡次数', en: 'Clock-ins', activity: true },
  [Indicator.HoursOnline]: { zh: '在线时长（小时）', en: 'Hours online', activity: true },
  [Indicator.AppActions]: { zh: 'APP 操作次数', en: 'App activity', activity: true },
};

/** Depth of each grid level in a grid path (`nj.gulou.btq.c01.g2_03.g3_11`). */
export const GRID_DEPTH = { street: 3, community: 4, compound: 5, building_cluster: 6 } as const;
export type RankLevel = keyof typeof GRID_DEPTH;
