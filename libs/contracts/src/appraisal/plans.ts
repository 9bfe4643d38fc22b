import { Type } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';
import { Indicator } from './indicators';
import { rpcSubject } from '../common/rpc';
import { GRID_PATH_PATTERN, MONTH_PATTERN } from '../common/primitives';
import { Text, QueryInt, Nested, NestedList } from '../common/fields';

export const GRADE_PATTERN = /^[A-Za-z0-9_]{1,16}$/;
const month = { message: 'must be a month YYYY-MM' };

/**
 * One scoring rule, stored as data (a typed rule table, never code):
 * - `rate`: x = indicator / per (per = 0 → full marks: nothing failed);
 * - `per_unit`: x = indicator count;
 * - `threshold`: all or nothing at `target`.
 * `better: 'higher'`: points rise linearly from 0 at x = 0 to `weight` at x >= target.
 * `better: 'lower'`: full `weight` while x <= target, falling linearly to 0 at x >= cap.
 */
export type RuleKind = 'rate' | 'per_unit' | 'threshold';
export const RULE_KINDS: readonly RuleKind[] = ['rate', 'per_unit', 'threshold'];
export const RULE_KIND_LABELS: Record<RuleKind, { zh: string; en: string }> = {
  rate: { zh: '比率', en: 'Rate' },
  per_unit: { zh: '计件', en: 'Per unit' },
  threshold: { zh: '达标', en: 'Threshold' },
};

export class ScoreRuleInput {
  @Matches(/^[a-z][a-z0-9_]{1,40}$/, { message: 'key must be a snake_case name' }) key: string;
  @Text(60, 1) labelZh: string;
  @Text(80, 1) labelEn: string;
  @IsEnum(Indicator) indicator: Indicator;
  /** Denominator of a `rate`. */
  @IsOptional() @IsEnum(Indicator) per?: Indicator;
  @IsIn(RULE_KINDS) kind: RuleKind;
  @IsIn(['higher', 'lower']) better: 'higher' | 'lower';
  @Type(() => Number) @IsNumber() @Min(0) @Max(100000) target: number;
  /** Points this rule can give at most. */
  @Type(() => Number) @IsNumber() @Min(0) @Max(60) weight: number;
  /** For `better: 'lower'`: the value at which the rule gives 0 points. */
  @IsOptional() @Type(() => Number) @IsNumber() @Min(0) @Max(100000) cap?: number;
}

export class TierInput {
  @IsInt() @Min(1) @Max(5) tier: number;
  /** Lowest total score of the tier. */
  @Type(() => Number) @IsNumber() @Min(0) @Max(100) min: number;
  @Text(30) labelZh: string;
  @Text(60) labelEn: string;
  /** Monthly reward of the tier, yuan (奖励标准). */
  @IsInt() @Min(0) @Max(100000) reward: number;
}

export class SatisfactionInput {
  /** Always 40 of the 100 points (居民满意度占 40 分). */
  @Type(() => Number) @IsNumber() @Min(40) @Max(40) points: number;
  /** Share of return-visit surveys (回访) vs the half-yearly democratic appraisal (民主评议). */
  @Type(() => Number) @IsNumber() @Min(0) @Max(1) surveyShare: number;
  /** Rate used when a subject has neither surveys nor an appraisal in force (0..1). */
  @Type(() => Number) @IsNumber() @Min(0) @Max(1) neutral: number;
}

/** Versions are append-only: a new version of a grade's plan applies from `validFrom` on. */
export namespace CreatePlanVersion {
  export const subject = rpcSubject<Request, Reply>('appraisal.plan.create');
  export class Request {
    @Matches(GRADE_PATTERN, { message: 'grade must be letters, digits or _ (e.g. A, B, C)' }) grade: string;
    @Matches(MONTH_PATTERN, month) validFrom: string;
    @Text(80, 2) name: string;
    @IsOptional() @Text(1000) note?: string;
    @NestedList(() => ScoreRuleInput, 30, { size: 1 }) rules: ScoreRuleInput[];
    @Nested(() => SatisfactionInput) satisfaction: SatisfactionInput;
    @NestedList(() => TierInput, 5, { size: 5 }) tiers: TierInput[];
    /** Year-end 'excellent' (优秀) needs at least this annual average. */
    @Type(() => Number) @IsNumber() @Min(0) @Max(100) excellentMin: number;
  }
  export type Reply = PlanVersionView;
}

export namespace ListPlans {
  export const subject = rpcSubject<Request, Reply>('appraisal.plan.list');
  export class Request {
    @IsOptional() @Matches(GRADE_PATTERN) grade?: string;
  }
  export interface Reply {
    /** formalism cap in force: activity indicators may weigh at most this many points */
    activityCap: number;
    plans: { grade: string; current: PlanVersionView | null; versions: PlanVersionView[] }[];
  }
}

export namespace GetPlanVersion {
  export const subject = rpcSubject<Request, Reply>('appraisal.plan.get');
  export class Request {
    @Matches(GRADE_PATTERN) grade: string;
    /** the version in force in this month (default: current month) */
    @IsOptional() @Matches(MONTH_PATTERN, month) month?: string;
    @IsOptional() @QueryInt(1) version?: number;
  }
  export type Reply = PlanVersionView;
}

/** The grade (A/B/C) of a level-2 grid, which picks its plan. */
export namespace SetGridGrade {
  export const subject = rpcSubject<Request, Reply>('appraisal.grid.set_grade');
  export class Request {
    @Matches(GRID_PATH_PATTERN, { message: 'gridPath must be a grid path like nj.gulou.btq.c01.g2_03' }) gridPath: string;
    @Matches(GRADE_PATTERN) grade: string;
    @IsOptional() @Text(80) name?: string;
  }
  export interface Reply {
    gridPath: string;
    grade: string;
    name: string | null;
  }
}

export interface ScoreRule {
  key: string;
  labelZh: string;
  labelEn: string;
  indicator: Indicator;
  per?: Indicator;
  kind: RuleKind;
  better: 'higher' | 'lower';
  target: number;
  weight: number;
  cap?: number;
}

export interface Tier {
  tier: number;
  min: number;
  labelZh: string;
  labelEn: string;
  reward: number;
}

export interface PlanVersionView {
  id: string;
  grade: string;
  version: number;
  validFrom: string;
  /** month the next version takes over (exclusive), null while current */
  validUntil: string | null;
  name: string;
  note: string | null;
  rules: ScoreRule[];
  satisfaction: { points: number; surveyShare: number; neutral: number };
  tiers: Tier[];
  excellentMin: number;
  /** points given to pure activity indicators (<= activity cap) */
  activityPoints: number;
  createdAt: string;
  createdBy: string;
}
