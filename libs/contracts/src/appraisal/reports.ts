import { Type } from 'class-transformer';
import { IsIn, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { KeyArea } from '../common/key-areas';
import type { GetDiaryReview } from '../office/diary-checks';
import type { MeetingFigures } from '../registry/meetings';
import { RankLevel } from './indicators';
import { rpcSubject } from '../common/rpc';
import { CalendarMonth, QueryInt } from '../common/fields';
import { AppraisalGridPath } from './surveys';


/** Monthly ranking (月度排名) of grids (L2), communities (L1), grid workers or seconded staff. */
export namespace GetRanking {
  export const subject = rpcSubject<Request, Reply>('appraisal.ranking.get');
  export class Request {
    @CalendarMonth() month: string;
    @IsIn(['compound', 'community', 'grid_worker', 'seconded']) of: 'compound' | 'community' | 'grid_worker' | 'seconded';
    @IsOptional() @AppraisalGridPath() gridPath?: string;
  }
  export interface Row {
    rank: number;
    subject: string;
    name: string;
    gridPath: string;
    total: number;
    tier: number;
    /** change of rank against the previous month (positive = up), null when unranked then */
    movement: number | null;
    departmentId: string | null;
  }
  export interface Reply {
    month: string;
    of: string;
    rows: Row[];
  }
}

export interface KeyAreaRow {
  keyArea: KeyArea;
  labelZh: string;
  labelEn: string;
  found: number;
  solved: number;
  /** solved / found, percent with 2 decimals */
  rate: number;
}

/**
 * 督查 in the notice (issue 25): each figure from the service that owns it, by the code its own API
 * answers with (one definition per figure), as the key-area table is the office's ledger.
 */
export interface NoticeSupervision {
  /**
   * 民情日志讲评: the office's review of the month in the notice's scope, as `GET /diary-reviews/{month}`
   * (totals and the 讲评 list); null, and named in the notice's `unavailable`, when it could not be read
   * (the office or the registry's roster down or too slow)
   */
  diaries: GetDiaryReview.Reply | null;
  /** 三会一评: the registry's figures of the month, as `GET /meetings/figures` (overdue meetings: now); null and in `unavailable` when the registry is down or too slow */
  meetings: MeetingFigures.Reply | null;
  /** 入户走访: household visits of the month (appraisal's own indicator: the diaries' and the social team's visits) */
  householdVisits: number;
}

export interface NoticePlanRules {
  grade: string;
  version: number;
  validFrom: string;
  rules: { key: string; labelZh: string; labelEn: string; indicator: string; per: string | null; kind: string; better: string; target: number; cap: number | null; weight: number; activity: boolean }[];
}

/** One theme (每月一题) as the notice prints it: the project and its before/after at the same places and category. */
export interface NoticeThemeRow {
  title: string;
  categoryName: string;
  places: string;
  ownerName: string;
  units: string;
  departments: string;
  target: string;
  deadline: string;
  basis: string;
  beforeFound: number;
  afterFound: number;
  /** (after − before) ÷ before, percent; null when nothing before */
  changePct: number | null;
  /** 达标 / 未达标 / 待观察 */
  status: string;
}

/** A notice section whose figures come from another service and may be missing (暂不可用). */
export type NoticeSection = 'diaries' | 'meetings';

/** The monthly public notice (月度通报): ranking + key-area table, as JSON, HTML or XLSX. */
export namespace GetNotice {
  export const subject = rpcSubject<Request, Reply>('appraisal.notice.get');
  export class Request {
    @CalendarMonth() month: string;
    @IsOptional() @IsIn(['json', 'html', 'xlsx']) format?: 'json' | 'html' | 'xlsx';
    @IsOptional() @AppraisalGridPath() gridPath?: string;
  }
  export interface Reply {
    month: string;
    title: string;
    scope: string;
    communities: GetRanking.Row[];
    compounds: GetRanking.Row[];
    seconded: GetRanking.Row[];
    keyAreas: KeyAreaRow[];
    totals: { found: number; solved: number; rate: number };
    /** 每月一题: the themes running in the month, with their measured effect (the office's `office.theme.list`) */
    themes: NoticeThemeRow[];
    /** 督查 (issue 25): the month's diaries (the office's 讲评) and meetings (the registry's) in the notice's scope */
    supervision: NoticeSupervision;
    /**
     * Sections published without their figures (暂不可用) because their source did not answer:
     * `diaries`, `meetings`. The notice says so in every format; empty when complete.
     */
    unavailable: NoticeSection[];
    /** 考核细则: the rules of each grade's plan in force for the month (how the scores above were made) */
    rules: NoticePlanRules[];
    /** set for html / xlsx */
    document?: { contentType: string; filename: string; base64: string };
  }
}

/** 12345-style three rates (三率): response, resolution, satisfaction, per street and per unit. */
export namespace GetThreeRates {
  export const subject = rpcSubject<Request, Reply>('appraisal.three_rates.get');
  export class Request {
    @CalendarMonth() month: string;
    @IsOptional() @IsIn(['street', 'unit', 'department']) by?: 'street' | 'unit' | 'department';
    /** weights (default from config: 10 / 45 / 45, Beijing 接诉即办) */
    @IsOptional() @Type(() => Number) @IsNumber() @Min(0) @Max(100) wResponse?: number;
    @IsOptional() @Type(() => Number) @IsNumber() @Min(0) @Max(100) wResolution?: number;
    @IsOptional() @Type(() => Number) @IsNumber() @Min(0) @Max(100) wSatisfaction?: number;
  }
  export interface Row {
    key: string;
    name: string;
    dispatched: number;
    accepted: number;
    closed: number;
    fixed: number;
    surveys: number;
    satisfied: number;
    /** percents, 2 decimals; null when there is nothing to rate */
    responseRate: number | null;
    resolutionRate: number | null;
    satisfactionRate: number | null;
    composite: number | null;
  }
  export interface Reply {
    month: string;
    by: string;
    weights: { response: number; resolution: number; satisfaction: number };
    rows: Row[];
  }
}

/** Year-end appraisal (年终考核): eligibility, reserve cadres, advanced L2 grid teams. */
export namespace GetYearEnd {
  export const subject = rpcSubject<Request, Reply>('appraisal.year_end.get');
  export class Request {
    @QueryInt(2000, 2100) year: number;
    @IsOptional() @AppraisalGridPath() gridPath?: string;
  }
  export type Rating = 'excellent' | 'competent' | 'basically_competent' | 'not_competent';
  export interface PersonRow {
    personId: string;
    name: string;
    gridPath: string;
    personKind: string;
    months: number;
    average: number;
    /** months whose tier is worse than the month before */
    tierFalls: number;
    verifiedComplaints: number;
    eligibleForExcellent: boolean;
    /** why not, in words (zh / en) */
    ineligibleReasons: { zh: string; en: string }[];
    rating: Rating;
    ratingLabel: { zh: string; en: string };
    /** 优秀两年 → 后备干部推荐 */
    reserveCadre: boolean;
    /** the year's bonus is cut (年终奖金扣减) */
    bonusCut: boolean;
  }
  export interface GridRow {
    gridPath: string;
    name: string;
    months: number;
    average: number;
    rank: number;
  }
  export interface Reply {
    year: string;
    persons: PersonRow[];
    /** 年度先进二级网格团队 (reward 10,000 yuan each, Qinling Road) */
    advancedGridTeams: GridRow[];
  }
}

export const YEAR_END_RATING_LABELS: Record<GetYearEnd.Rating, { zh: string; en: string }> = {
  excellent: { zh: '优秀', en: 'Excellent' },
  competent: { zh: '称职', en: 'Competent' },
  basically_competent: { zh: '基本称职', en: 'Basically competent' },
  not_competent: { zh: '不称职', en: 'Not competent' },
};
export type { RankLevel };
