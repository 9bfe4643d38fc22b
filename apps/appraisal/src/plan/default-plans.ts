import { CreatePlanVersion, Indicator } from '@grid122/contracts';

/**
 * The default plans (Baotaqiao 绩效考核: monthly, 100 points, by L2 grade A/B/C, 5 reward tiers,
 * residents' satisfaction 40). Written out in docs/appraisal.md; keep the two in step.
 */
export const DEFAULT_VALID_FROM = '2020-01';

type Targets = { closure: number; onTime: number; fixed: number; reworkCap: number; found: number; diaries: number };

function plan(grade: string, name: string, t: Targets, rewards: number[]): CreatePlanVersion.Request {
  return {
    grade,
    validFrom: DEFAULT_VALID_FROM,
    name,
    note: 'Default plan (默认方案)',
    excellentMin: 90,
    satisfaction: { points: 40, surveyShare: 0.6, neutral: 0.8 },
    rules: [
      { key: 'closure_rate', labelZh: '结案率', labelEn: 'Closure rate', indicator: Indicator.IncidentsClosed, per: Indicator.IncidentsRegistered, kind: 'rate', better: 'higher', target: t.closure, weight: 12 },
      { key: 'on_time_rate', labelZh: '按期结案率', labelEn: 'On-time closure rate', indicator: Indicator.IncidentsClosedOnTime, per: Indicator.IncidentsClosed, kind: 'rate', better: 'higher', target: t.onTime, weight: 12 },
      { key: 'fixed_rate', labelZh: '问题解决率', labelEn: 'Share closed as fixed', indicator: Indicator.IncidentsFixed, per: Indicator.IncidentsClosed, kind: 'rate', better: 'higher', target: t.fixed, weight: 6 },
      { key: 'rework_rate', labelZh: '返工率', labelEn: 'Rework rate', indicator: Indicator.IncidentsReworked, per: Indicator.IncidentsHandled, kind: 'rate', better: 'lower', target: 0.02, cap: t.reworkCap, weight: 8 },
      { key: 'problems_found', labelZh: '发现上报问题', labelEn: 'Problems found and reported', indicator: Indicator.IncidentsReported, kind: 'per_unit', better: 'higher', target: t.found, weight: 6 },
      { key: 'district_share', labelZh: '上交区级比例（≤5%）', labelEn: 'Share left to the district (≤5%)', indicator: Indicator.ResolvedAtDistrict, per: Indicator.IncidentsClosed, kind: 'rate', better: 'lower', target: 0.05, cap: 0.2, weight: 4 },
      { key: 'followup_rate', labelZh: '回访帮教完成率', labelEn: 'Follow-ups done of due', indicator: Indicator.FollowupsDone, per: Indicator.FollowupsDue, kind: 'rate', better: 'higher', target: 1, weight: 4 },
      { key: 'petition_on_time', labelZh: '信访按期答复率', labelEn: 'Petitions replied on time', indicator: Indicator.PetitionsRepliedOnTime, per: Indicator.PetitionsReplied, kind: 'rate', better: 'higher', target: 1, weight: 2 },
      { key: 'complaints', labelZh: '查实投诉', labelEn: 'Verified complaints', indicator: Indicator.ComplaintsVerified, kind: 'per_unit', better: 'lower', target: 0, cap: 1, weight: 2 },
      { key: 'diaries', labelZh: '民情日志', labelEn: 'Diaries filed', indicator: Indicator.DiariesFiled, kind: 'per_unit', better: 'higher', target: t.diaries, weight: 4 },
    ],
    tiers: [
      { tier: 1, min: 95, labelZh: '一档', labelEn: 'Tier 1', reward: rewards[0] },
      { tier: 2, min: 90, labelZh: '二档', labelEn: 'Tier 2', reward: rewards[1] },
      { tier: 3, min: 80, labelZh: '三档', labelEn: 'Tier 3', reward: rewards[2] },
      { tier: 4, min: 70, labelZh: '四档', labelEn: 'Tier 4', reward: rewards[3] },
      { tier: 5, min: 0, labelZh: '五档', labelEn: 'Tier 5', reward: rewards[4] },
    ],
  };
}

export const DEFAULT_PLANS: CreatePlanVersion.Request[] = [
  plan('A', 'A级（示范区域）网格月度考核方案', { closure: 0.98, onTime: 0.98, fixed: 0.98, reworkCap: 0.1, found: 8, diaries: 22 }, [800, 600, 400, 200, 0]),
  plan('B', 'B级（达标区域）网格月度考核方案', { closure: 0.95, onTime: 0.95, fixed: 0.95, reworkCap: 0.15, found: 8, diaries: 20 }, [700, 500, 350, 150, 0]),
  plan('C', 'C级（一般区域）网格月度考核方案', { closure: 0.9, onTime: 0.9, fixed: 0.9, reworkCap: 0.2, found: 10, diaries: 20 }, [600, 450, 300, 120, 0]),
];

/**
 * Version 2 of the default plans (issue 25, 督查), from December 2026: the supervision's events
 * are scored — diary completeness and spot-check grades (民情日志督查), attendance at the meetings
 * of 三会一评 and the decisions kept, household visits. Activity rules weigh 7 of the 10 points
 * allowed (completeness 3, attendance 2, visits 2); the outcome rules make room for them. A month
 * before December 2026 keeps version 1.
 */
export const SUPERVISION_VALID_FROM = '2026-12';

function supervisionPlan(v1: CreatePlanVersion.Request, visits: number): CreatePlanVersion.Request {
  const weights: Record<string, number> = { closure_rate: 10, on_time_rate: 10, fixed_rate: 5, rework_rate: 7, problems_found: 4, district_share: 3, followup_rate: 3, petition_on_time: 2, complaints: 2 };
  const kept = v1.rules.filter((r) => r.key in weights).map((r) => ({ ...r, weight: weights[r.key] }));
  return {
    ...v1,
    validFrom: SUPERVISION_VALID_FROM,
    note: 'Default plan, version 2: the supervision (督查) scored (默认方案 第二版)',
    rules: [
      ...kept,
      { key: 'diary_completeness', labelZh: '民情日志完整率', labelEn: 'Diary completeness', indicator: Indicator.DiaryDaysFiled, per: Indicator.DiaryDaysExpected, kind: 'rate', better: 'higher', target: 0.9, weight: 3 },
      { key: 'diary_grade', labelZh: '民情日志抽查得分', labelEn: 'Diary spot-check grade', indicator: Indicator.DiaryCheckPoints, per: Indicator.DiaryChecks, kind: 'rate', better: 'higher', target: 0.85, weight: 4 },
      { key: 'meeting_attendance', labelZh: '三会一评出勤率', labelEn: 'Meeting attendance', indicator: Indicator.MeetingsAttended, per: Indicator.MeetingsDue, kind: 'rate', better: 'higher', target: 0.9, weight: 2 },
      { key: 'decisions_kept', labelZh: '会议决议按期落实率', labelEn: 'Meeting decisions kept on time', indicator: Indicator.DecisionsKept, per: Indicator.DecisionsAssigned, kind: 'rate', better: 'higher', target: 0.9, weight: 3 },
      { key: 'household_visits', labelZh: '入户走访', labelEn: 'Household visits', indicator: Indicator.HouseholdVisits, kind: 'per_unit', better: 'higher', target: visits, weight: 2 },
    ],
  };
}

export const SUPERVISION_PLANS: CreatePlanVersion.Request[] = [
  supervisionPlan(DEFAULT_PLANS[0], 60),
  supervisionPlan(DEFAULT_PLANS[1], 50),
  supervisionPlan(DEFAULT_PLANS[2], 40),
];

/** The grade whose plan scores subjects of unknown grade (and seconded staff). */
export const FALLBACK_GRADE = 'B';
