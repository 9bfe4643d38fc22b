import { AppraisalErrorCode, CreatePlanVersion, Indicator, ScoreRule } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { DEFAULT_PLANS, SUPERVISION_PLANS } from './default-plans';
import { activityPoints, evaluateRules, rulePoints, satisfactionOf, tierOf, validatePlan } from './rule-engine';

const rule = (over: Partial<ScoreRule>): ScoreRule => ({
  key: 'r',
  labelZh: 'r',
  labelEn: 'r',
  indicator: Indicator.IncidentsClosedOnTime,
  per: Indicator.IncidentsClosed,
  kind: 'rate',
  better: 'higher',
  target: 0.9,
  weight: 10,
  ...over,
});

describe('rule engine', () => {
  it('rate, higher is better: linear up to the target, full beyond it', () => {
    const sut = rule({});
    expect(rulePoints(sut, { incidents_closed_on_time: 9, incidents_closed: 10 }).points).toBe(10);
    expect(rulePoints(sut, { incidents_closed_on_time: 45, incidents_closed: 100 }).points).toBe(5);
    expect(rulePoints(sut, { incidents_closed_on_time: 0, incidents_closed: 4 }).points).toBe(0);
  });

  it('a rate with nothing to rate gives full marks', () => {
    expect(rulePoints(rule({}), {}).points).toBe(10);
  });

  it('lower is better: full up to the target, 0 at the cap, linear between', () => {
    const sut = rule({ indicator: Indicator.IncidentsReworked, better: 'lower', target: 0.1, cap: 0.3, weight: 8 });
    expect(rulePoints(sut, { incidents_reworked: 1, incidents_closed: 10 }).points).toBe(8);
    expect(rulePoints(sut, { incidents_reworked: 2, incidents_closed: 10 }).points).toBe(4);
    expect(rulePoints(sut, { incidents_reworked: 5, incidents_closed: 10 }).points).toBe(0);
  });

  it('per_unit and threshold', () => {
    const perUnit = rule({ kind: 'per_unit', per: undefined, indicator: Indicator.IncidentsReported, target: 8, weight: 6 });
    expect(rulePoints(perUnit, { incidents_reported: 4 }).points).toBe(3);
    expect(rulePoints(perUnit, { incidents_reported: 20 }).points).toBe(6);
    const complaints = rule({ kind: 'per_unit', per: undefined, indicator: Indicator.ComplaintsVerified, better: 'lower', target: 0, cap: 1, weight: 2 });
    expect(rulePoints(complaints, {}).points).toBe(2);
    expect(rulePoints(complaints, { complaints_verified: 1 }).points).toBe(0);
    const threshold = rule({ kind: 'threshold', per: undefined, indicator: Indicator.DiariesFiled, target: 20, weight: 4 });
    expect(rulePoints(threshold, { diaries_filed: 19 }).points).toBe(0);
    expect(rulePoints(threshold, { diaries_filed: 20 }).points).toBe(4);
  });

  it('a default plan gives all 60 outcome points when nothing failed and enough was done', () => {
    const sut = DEFAULT_PLANS[1];
    const r = evaluateRules(sut.rules, { incidents_reported: 10, incidents_registered: 10, incidents_closed: 10, incidents_fixed: 10, incidents_closed_on_time: 10, diaries_filed: 22 });
    expect(r.outcome).toBe(60);
  });

  it('satisfaction blends surveys and democratic appraisal into 40 points', () => {
    const s = { points: 40, surveyShare: 0.6, neutral: 0.8 };
    expect(satisfactionOf(s, 1, 0.5)).toEqual({ rate: 0.8, points: 32, basis: 'both' });
    expect(satisfactionOf(s, 0.75, null)).toEqual({ rate: 0.75, points: 30, basis: 'surveys' });
    expect(satisfactionOf(s, null, null)).toEqual({ rate: 0.8, points: 32, basis: 'neutral' });
  });

  it('tiers: the best tier whose minimum the total meets', () => {
    const tiers = DEFAULT_PLANS[1].tiers;
    expect(tierOf(tiers, 96).tier).toBe(1);
    expect(tierOf(tiers, 90).tier).toBe(2);
    expect(tierOf(tiers, 12).tier).toBe(5);
  });

  describe(validatePlan.name, () => {
    const base = (): CreatePlanVersion.Request => JSON.parse(JSON.stringify(DEFAULT_PLANS[1]));

    it('accepts every default plan', () => {
      for (const p of [...DEFAULT_PLANS, ...SUPERVISION_PLANS]) expect(() => validatePlan(p, 10)).not.toThrow();
      expect(activityPoints(DEFAULT_PLANS[0].rules)).toBe(4);
      expect(activityPoints(SUPERVISION_PLANS[0].rules)).toBe(7);
    });

    it('refuses weights that do not add up to 60', () => {
      const p = base();
      p.rules[0].weight = 20;
      expect(() => validatePlan(p, 10)).toThrow(expect.objectContaining({ code: AppraisalErrorCode.PlanInvalid }));
    });

    it('refuses activity counts above the cap (rules against formalism)', () => {
      const p = base();
      p.rules[0].weight -= 8; // closure rate 12 → 4, patrol km 8 → activity 4 + 8 = 12 > 10
      p.rules.push({ key: 'patrol', labelZh: '巡查里程', labelEn: 'Patrol km', indicator: Indicator.PatrolKm, kind: 'per_unit', better: 'higher', target: 100, weight: 8 });
      let err: AppError | undefined;
      try {
        validatePlan(p, 10);
      } catch (e) {
        err = e as AppError;
      }
      expect(err?.code).toBe(AppraisalErrorCode.FormalismCapExceeded);
      expect(err?.message).toMatch(/patrol_km.*12 points.*cap is 10/);
    });

    it('refuses a lower-is-better rule without a cap, and tiers out of order', () => {
      const p = base();
      delete p.rules[3].cap;
      p.tiers[2].min = 91;
      expect(() => validatePlan(p, 10)).toThrow(/cap.*tier 3 must start below tier 2|tier 3 must start below tier 2/s);
    });
  });
});
