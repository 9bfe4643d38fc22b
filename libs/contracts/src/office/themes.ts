import { ArrayMaxSize, ArrayMinSize, IsArray, IsDateString, IsEnum, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Unit } from '../common/actor';
import { KeyArea } from '../common/key-areas';
import { rpcSubject } from '../common/rpc';
import { GRID_PATH_PATTERN, IdRequest } from '../common/primitives';
import { GridRoot, IsCategoryCode, Month, QueryInt, Text } from '../common/fields';

/** Why a category is proposed as the month's theme. */
export const THEME_REASON_LABELS = {
  recurring: { zh: '反复发生', en: 'Recurring' },
  widespread: { zh: '多点分布', en: 'Widespread' },
  rising: { zh: '呈上升趋势', en: 'Rising' },
} as const;
export type ThemeReason = keyof typeof THEME_REASON_LABELS;

export interface ThemeEvidence {
  /** the three months ending with the theme's month */
  window: [string, string];
  found: number;
  /** the three months before the window */
  previousFound: number;
  recurring: number;
  recurringQuick: number;
  /** L3 grids with at least one report in the window, and their communities */
  places: number;
  communities: number;
  topPlaces: { path: string; name: string; found: number; recurring: number }[];
  /** weekly counts over the 13 weeks ending with the window, and their Mann-Kendall trend */
  weekly: number[];
  trend: { s: number; tau: number; z: number; p: number; trend: 'up' | 'down' | 'none' };
  /** working hours from report to closure, summed over the window's closed problems (the cost) */
  workingHours: number;
  closed: number;
}

/** `office.theme.candidates`: the month's candidate themes (每月一题) for a street or district, with their evidence. */
export namespace ThemeCandidates {
  export const subject = rpcSubject<Request, Reply>('office.theme.candidates');
  export class Request {
    @IsOptional() @GridRoot() root?: string;
    /** YYYY-MM (default: the last whole month) */
    @IsOptional() @Month() month?: string;
    @IsOptional() @QueryInt(1, 20) limit?: number;
  }
  export interface Candidate {
    category: string;
    categoryName: string;
    keyArea: KeyArea;
    keyAreaLabel: { zh: string; en: string };
    /** recurring × 3 + found + (rising ? found ÷ 2 : 0) + places affected */
    score: number;
    reasons: ThemeReason[];
    reasonLabels: string[];
    evidence: ThemeEvidence;
  }
  export interface Reply {
    root: string;
    month: string;
    candidates: Candidate[];
  }
}

/** `office.theme.adopt`: the commander adopts a candidate as a project (每月一题). */
export namespace AdoptTheme {
  export const subject = rpcSubject<Request, Reply>('office.theme.adopt');
  export class Request {
    /** YYYY-MM of the theme (default: this month) */
    @IsOptional() @Month() month?: string;
    /** the street (or district) the theme belongs to (default: the caller's scope) */
    @IsOptional() @GridRoot() root?: string;
    @IsCategoryCode() category: string;
    @Text(200, 2) title: string;
    /** grid paths the project treats (default: the candidate's top places; all of the root when none) */
    @IsOptional() @IsArray() @ArrayMaxSize(200) @Matches(GRID_PATH_PATTERN, { each: true, message: 'places must be grid paths' }) places?: string[];
    @Text(100, 1) ownerName: string;
    @IsArray() @ArrayMaxSize(4) @IsEnum(Unit, { each: true }) units: Unit[];
    @IsArray() @ArrayMinSize(0) @ArrayMaxSize(30) @IsString({ each: true }) @MaxLength(100, { each: true }) departments: string[];
    /** target: fewer reports of the category at the places than before, by this many percent */
    @QueryInt(1, 100) targetReductionPct: number;
    /** YYYY-MM-DD (street calendar) */
    @IsDateString() deadline: string;
    @IsOptional() @Text(2000) note?: string;
  }
  export type Reply = ThemeView;
}

/** `office.theme.list`: the themes of a root, each with its measured effect (as of `month`'s end, or today). */
export namespace ListThemes {
  export const subject = rpcSubject<Request, Reply>('office.theme.list');
  export class Request {
    @IsOptional() @GridRoot() root?: string;
    /** only themes running in this month (adopted on or before it, deadline not before it); effect measured to its end */
    @IsOptional() @Month() month?: string;
  }
  export interface Reply {
    items: ThemeView[];
  }
}

export namespace GetTheme {
  export const subject = rpcSubject<Request, Reply>('office.theme.get');
  export class Request extends IdRequest {}
  export type Reply = ThemeView;
}

export interface ThemeWindowFigures {
  from: string;
  to: string;
  found: number;
  recurring: number;
  /** per month, for the before/after chart */
  monthly: { month: string; found: number }[];
}

export interface ThemeView {
  id: string;
  month: string;
  root: string;
  title: string;
  category: string;
  categoryName: string;
  keyArea: KeyArea;
  places: { path: string; name: string }[];
  ownerName: string;
  units: { code: Unit; label: string }[];
  departments: string[];
  target: { reductionPct: number; label: string };
  deadline: string;
  note: string | null;
  adoptedAt: string;
  adoptedBy: string;
  evidence: ThemeEvidence | null;
  /** before/after at the same places and category: the same season a year before when the ledger reaches back, else the equal span just before adoption */
  effect: {
    basis: 'same_season_last_year' | 'preceding_period';
    basisLabel: string;
    before: ThemeWindowFigures;
    after: ThemeWindowFigures;
    /** (after − before) ÷ before, percent; null when nothing before */
    changePct: number | null;
    /** reduced by at least the target; null while the after window is empty or nothing before */
    targetMet: boolean | null;
  };
}
