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

/** The grade whose plan scores subjects of unknown grade (and seconded staff). */
export const FALLBACK_GRADE = 'B';
