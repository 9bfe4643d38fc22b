import { IsDateString, IsOptional, Matches, MaxLength } from 'class-validator';
import { KeyArea } from '../common/key-areas';
import { GRID_PATH_PATTERN } from './incident-report';

/** `office.stats.key-areas`: the ledger per key area (秦岭路街道 style) and the rates. */
export namespace KeyAreaStats {
  export const subject = 'office.stats.key-areas';
  export class Request {
    /** Reported on or after this street day (inclusive; YYYY-MM-DD, or an ISO time). */
    @IsOptional()
    @IsDateString({}, { message: 'from must be a date YYYY-MM-DD (the street\'s day) or an ISO 8601 time' })
    from?: string;

    /** Reported on or before this street day (inclusive). */
    @IsOptional()
    @IsDateString({}, { message: 'to must be a date YYYY-MM-DD (the street\'s day) or an ISO 8601 time' })
    to?: string;

    @IsOptional()
    @Matches(GRID_PATH_PATTERN, { message: 'root must be an ltree grid path' })
    @MaxLength(300)
    root?: string;
  }
  export interface Row {
    keyArea: KeyArea;
    label: { zh: string; en: string };
    /** 发现 */
    found: number;
    /** 解决 (closed as fixed) */
    solved: number;
    /** solved / found, percent with 2 decimals */
    closureRate: number | null;
  }
  export interface Reply {
    from: string | null;
    to: string | null;
    root: string;
    rows: Row[];
    total: { found: number; solved: number; closureRate: number | null };
    counts: {
      registered: number;
      rejected: number;
      duplicates: number;
      handled: number;
      reworked: number;
      closed: number;
      closedOnTime: number;
      misregistered: number;
    };
    /** Percentages (2 decimals), null when the denominator is 0. */
    rates: {
      /** 结案率: closed / registered */
      closure: number | null;
      /** 按期结案率: closed on time / closed */
      onTimeClosure: number | null;
      /** 返工率: reworked incidents / handled incidents */
      rework: number | null;
      /** 准确立案率: registrations never returned as misfiled nor closed as not ours / registered */
      accurateRegistration: number | null;
    };
    /** Share of closed incidents settled at each level (percent); target 80-85 community, 10-15 street, <=5 district. */
    resolutionLevels: { grid: number | null; community: number | null; street: number | null; district: number | null };
    resolutionCounts: { grid: number; community: number; street: number; district: number };
  }
}

/**
 * `office.stats.key-areas.daily`: 发现 (found) per street day and key area over at most 92 days,
 * for the wall's trend chart (30 days by key area). Read from the same daily counters as the ledger.
 */
export namespace KeyAreaTrend {
  export const subject = 'office.stats.key-areas.daily';
  export const MAX_DAYS = 92;
  export class Request {
    /** First street day (YYYY-MM-DD, inclusive). */
    @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date YYYY-MM-DD (the street\'s day)' })
    from: string;

    /** Last street day (YYYY-MM-DD, inclusive); at most 92 days after `from`. */
    @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a date YYYY-MM-DD (the street\'s day)' })
    to: string;

    @IsOptional()
    @Matches(GRID_PATH_PATTERN, { message: 'root must be an ltree grid path' })
    @MaxLength(300)
    root?: string;
  }
  export interface Series {
    keyArea: KeyArea;
    label: { zh: string; en: string };
    /** found per day, aligned with `days` */
    found: number[];
  }
  export interface Reply {
    root: string;
    from: string;
    to: string;
    /** every street day from `from` to `to` */
    days: string[];
    series: Series[];
    /** found per day over all key areas */
    total: number[];
  }
}
