import {
  AppraisalErrorCode,
  CreatePlanVersion,
  INDICATOR_LABELS,
  RulePoints,
  ScoreRule,
  Tier,
} from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { round2 } from '../common/month';

/** Points of the plan that are not satisfaction: the outcome rules share them. */
export const OUTCOME_POINTS = 60;
export const SATISFACTION_POINTS = 40;

/** The value a rule measures: a rate (numerator / denominator) or a count. Null = nothing to rate. */
export function ruleValue(rule: ScoreRule, ind: Record<string, number>): number | null {
  const v = ind[rule.indicator] ?? 0;
  if (rule.kind !== 'rate') return v;
  const per = ind[rule.per as string] ?? 0;
  return per > 0 ? v / per : null;
}

/**
 * Points of one rule (see ScoreRule): higher-is-better rises linearly to full marks at the
 * target; lower-is-better keeps full marks up to the target and falls to 0 at the cap. A rate
 * with nothing to rate (denominator 0) gives full marks: nothing failed.
 */
export function rulePoints(rule: ScoreRule, ind: Record<string, number>): { value: number; points: number } {
  const x = ruleValue(rule, ind);
  if (x === null) return { value: 0, points: rule.weight };
  let share: number;
  if (rule.kind === 'threshold') {
    share = rule.better === 'higher' ? (x >= rule.target ? 1 : 0) : x <= rule.target ? 1 : 0;
  } else if (rule.better === 'higher') {
    share = rule.target <= 0 ? 1 : Math.min(1, x / rule.target);
  } else {
    const cap = rule.cap ?? rule.target;
    share = x <= rule.target ? 1 : cap <= rule.target ? 0 : Math.max(0, (cap - x) / (cap - rule.target));
  }
  return { value: round2(x * 10000) / 10000, points: round2(rule.weight * share) };
}

export function evaluateRules(rules: ScoreRule[], ind: Record<string, number>): { outcome: number; rules: RulePoints[] } {
  const out = rules.map((r) => {
    const { value, points } = rulePoints(r, ind);
    return { key: r.key, labelZh: r.labelZh, labelEn: r.labelEn, value, points, weight: r.weight };
  });
  return { outcome: round2(out.reduce((s, r) => s + r.points, 0)), rules: out };
}

/** The tier a total reaches (1 = best): the first tier, best first, whose minimum it meets. */
export function tierOf(tiers: Tier[], total: number): Tier {
  const sorted = [...tiers].sort((a, b) => a.tier - b.tier);
  return sorted.find((t) => total >= t.min) ?? sorted[sorted.length - 1];
}

/** Points the plan gives to pure activity counts (a rule counts when its numerator or denominator is one). */
export function activityPoints(rules: ScoreRule[]): number {
  return round2(rules.filter((r) => INDICATOR_LABELS[r.indicator]?.activity || (r.per && INDICATOR_LABELS[r.per]?.activity)).reduce((s, r) => s + r.weight, 0));
}

/**
 * Refuses a plan that does not add up, or that weighs activity above the cap (rules against
 * formalism: no ranking by kilometres walked, clock-ins, hours online or app activity).
 */
export function validatePlan(req: CreatePlanVersion.Request, activityCap: number): void {
  const problems: string[] = [];
  const keys = new Set<string>();
  for (const r of req.rules) {
    if (keys.has(r.key)) problems.push(`rule key "${r.key}" is used twice`);
    keys.add(r.key);
    if (r.kind === 'rate') {
      if (!r.per) problems.push(`rule "${r.key}": a rate needs "per" (its denominator)`);
      else if (r.per === r.indicator) problems.push(`rule "${r.key}": "per" must differ from "indicator"`);
      if (r.target > 1) problems.push(`rule "${r.key}": a rate target is a share between 0 and 1`);
    } else if (r.per) problems.push(`rule "${r.key}": only a rate has "per"`);
    if (r.better === 'lower' && r.kind !== 'threshold' && (r.cap === undefined || r.cap <= r.target)) {
      problems.push(`rule "${r.key}": lower-is-better needs a "cap" above its target (the value that scores 0)`);
    }
    if (r.better === 'higher' && r.kind !== 'threshold' && r.target <= 0) problems.push(`rule "${r.key}": target must be above 0`);
  }
  const sum = round2(req.rules.reduce((s, r) => s + r.weight, 0));
  if (Math.abs(sum - OUTCOME_POINTS) > 0.001) problems.push(`the rules' weights add up to ${sum}; they must add up to ${OUTCOME_POINTS} (satisfaction is the other ${SATISFACTION_POINTS})`);
  const tiers = [...req.tiers].sort((a, b) => a.tier - b.tier);
  if (tiers.map((t) => t.tier).join() !== '1,2,3,4,5') problems.push('tiers must be exactly 1, 2, 3, 4 and 5');
  for (let i = 1; i < tiers.length; i++) {
    if (tiers[i].min >= tiers[i - 1].min) problems.push(`tier ${tiers[i].tier} must start below tier ${tiers[i - 1].tier}`);
    if (tiers[i].reward > tiers[i - 1].reward) problems.push(`tier ${tiers[i].tier} may not reward more than tier ${tiers[i - 1].tier}`);
  }
  if (tiers.length === 5 && tiers[4].min !== 0) problems.push('tier 5 must start at 0 (every score has a tier)');
  if (problems.length) throw new AppError(AppraisalErrorCode.PlanInvalid, `The plan is not valid: ${problems.join('; ')}`, { problems });

  const activity = activityPoints(req.rules);
  if (activity > activityCap) {
    const offending = req.rules
      .filter((r) => INDICATOR_LABELS[r.indicator]?.activity || (r.per && INDICATOR_LABELS[r.per]?.activity))
      .map((r) => ({ key: r.key, indicator: r.indicator, weight: r.weight }));
    throw new AppError(
      AppraisalErrorCode.FormalismCapExceeded,
      `Outcomes over activity: pure activity counts (${offending.map((o) => o.indicator).join(', ')}) weigh ${activity} points; ` +
        `the cap is ${activityCap} of 100 (反对形式主义: 不以巡查里程、打卡、在线时长、APP 活跃度排名)`,
      { activityPoints: activity, cap: activityCap, rules: offending },
    );
  }
}

/**
 * The 40 satisfaction points: return visits of the month and the democratic appraisal in force,
 * blended by `surveyShare`; either alone when the other is missing; `neutral` when both are.
 */
export function satisfactionOf(
  s: { points: number; surveyShare: number; neutral: number },
  surveyRate: number | null,
  democraticRate: number | null,
): { rate: number; points: number; basis: 'surveys' | 'democratic' | 'both' | 'neutral' } {
  let rate: number;
  let basis: 'surveys' | 'democratic' | 'both' | 'neutral';
  if (surveyRate !== null && democraticRate !== null) {
    rate = s.surveyShare * surveyRate + (1 - s.surveyShare) * democraticRate;
    basis = 'both';
  } else if (surveyRate !== null) {
    rate = surveyRate;
    basis = 'surveys';
  } else if (democraticRate !== null) {
    rate = democraticRate;
    basis = 'democratic';
  } else {
    rate = s.neutral;
    basis = 'neutral';
  }
  rate = Math.round(rate * 10000) / 10000;
  return { rate, points: round2(s.points * rate), basis };
}
