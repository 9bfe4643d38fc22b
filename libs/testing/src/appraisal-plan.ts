import { CreatePlanVersion } from '@grid122/contracts';
import { TestRequest } from './service-test';

/**
 * A score plan of grade T (考核方案) as a test sends it: closure, on-time and rework rules worth
 * 60 points by default (the outcome share; satisfaction the other 40) and the five tiers, for the
 * appraisal service's spec and the gateway's (its routes, its Idempotency-Key).
 */
export function testPlan(validFrom: string, w: { closure: number; onTime: number; rework: number } = { closure: 20, onTime: 30, rework: 10 }, name = 'test plan') {
  return {
    grade: 'T',
    validFrom,
    name,
    excellentMin: 90,
    satisfaction: { points: 40, surveyShare: 0.5, neutral: 0.5 },
    rules: [
      { key: 'closure', labelZh: '结案率', labelEn: 'Closure', indicator: 'incidents_closed', per: 'incidents_registered', kind: 'rate', better: 'higher', target: 1, weight: w.closure },
      { key: 'on_time', labelZh: '按期率', labelEn: 'On time', indicator: 'incidents_closed_on_time', per: 'incidents_closed', kind: 'rate', better: 'higher', target: 1, weight: w.onTime },
      { key: 'rework', labelZh: '返工', labelEn: 'Rework', indicator: 'incidents_reworked', kind: 'per_unit', better: 'lower', target: 0, cap: 2, weight: w.rework },
    ],
    tiers: [
      { tier: 1, min: 95, labelZh: '一档', labelEn: 'Tier 1', reward: 500 },
      { tier: 2, min: 85, labelZh: '二档', labelEn: 'Tier 2', reward: 300 },
      { tier: 3, min: 75, labelZh: '三档', labelEn: 'Tier 3', reward: 200 },
      { tier: 4, min: 60, labelZh: '四档', labelEn: 'Tier 4', reward: 100 },
      { tier: 5, min: 0, labelZh: '五档', labelEn: 'Tier 5', reward: 0 },
    ],
  } satisfies TestRequest<CreatePlanVersion.Request>;
}

/** A rule on pure activity (巡查里程): what the formalism cap (≤ 10 points) limits. */
export const PATROL_RULE = { key: 'patrol', labelZh: '巡查里程', labelEn: 'Patrol km', indicator: 'patrol_km', kind: 'per_unit', better: 'higher', target: 100, weight: 15 };
