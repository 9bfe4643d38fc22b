import { IsDateString, IsIn, IsOptional, Matches } from 'class-validator';
import { KeyArea } from '../common/key-areas';
import { rpcSubject } from '../common/rpc';
import { DAY_PATTERN } from '../common/primitives';
import { GridRoot } from '../common/fields';

/** `office.stats.key-areas`: the ledger per key area (秦岭路街道 style) and the rates. */
export namespace KeyAreaStats {
  export const subject = rpcSubject<Request, Reply>('office.stats.key-areas');
  export class Request {
    /** Reported on or after this street day (inclusive; YYYY-MM-DD, or an ISO time). */
    @IsOptional() @IsDateString({ strict: true }, { message: 'from must be a date YYYY-MM-DD (the street\'s day) or an ISO 8601 time' }) from?: string;
    /** Reported on or before this street day (inclusive). */
    @IsOptional() @IsDateString({ strict: true }, { message: 'to must be a date YYYY-MM-DD (the street\'s day) or an ISO 8601 time' }) to?: string;
    @IsOptional() @GridRoot() root?: string;
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
/** A request narrowed to a grid root (inside the caller's scope; default the scope itself). */
export class RootedRequest {
  @IsOptional() @GridRoot() root?: string;
}

export namespace KeyAreaTrend {
  export const subject = rpcSubject<Request, Reply>('office.stats.key-areas.daily');
  export const MAX_DAYS = 92;
  export class Request extends RootedRequest {
    /** First street day (YYYY-MM-DD, inclusive). */
    @Matches(DAY_PATTERN, { message: 'from must be a date YYYY-MM-DD (the street\'s day)' }) @IsDateString({ strict: true }, { message: 'from must be a date YYYY-MM-DD (the street\'s day)' })
    from: string;

    /** Last street day (YYYY-MM-DD, inclusive); at most 92 days after `from`. */
    @Matches(DAY_PATTERN, { message: 'to must be a date YYYY-MM-DD (the street\'s day)' }) @IsDateString({ strict: true }, { message: 'to must be a date YYYY-MM-DD (the street\'s day)' })
    to: string;
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

/** Grid levels the open-problem counts group by, with the depth of their paths (city.district.street.c.g2.g3). */
export const OPEN_BY_GRID_LEVELS = { district: 2, street: 3, community: 4, compound: 5, building_cluster: 6 } as const;
export type OpenByGridLevel = keyof typeof OPEN_BY_GRID_LEVELS;

/**
 * `office.stats.open-by-grid`: the open problems now per grid of one level under the root, with
 * their traffic lights (the wall's map colours grids by open and overdue problems).
 */
export namespace OpenByGrid {
  export const subject = rpcSubject<Request, Reply>('office.stats.open-by-grid');
  export class Request extends RootedRequest {
    /** group by grids of this level (default compound: the L2 grids) */
    @IsOptional() @IsIn(Object.keys(OPEN_BY_GRID_LEVELS), { message: `level must be one of ${Object.keys(OPEN_BY_GRID_LEVELS).join(', ')}` })
    level?: OpenByGridLevel;
  }
  export interface Item {
    /** the grid's path (its first labels of the level's depth) */
    path: string;
    /** open = reported, registered, dispatched, accepted, in progress (as the hub's traffic lights) */
    open: number;
    /** 红灯: past the deadline */
    overdue: number;
    /** 黄灯: past the warning time, not yet overdue */
    yellow: number;
  }
  export interface Reply {
    root: string;
    level: OpenByGridLevel;
    at: string;
    items: Item[];
  }
}
