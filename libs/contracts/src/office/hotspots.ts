import { Type } from 'class-transformer';
import { IsDateString, IsEnum, IsIn, IsNumber, IsOptional } from 'class-validator';
import { KeyArea } from '../common/key-areas';
import { GridLevel } from '../registry/grid-locate';
import { rpcSubject } from '../common/rpc';
import { GridRoot, IsCategoryCode, QueryBool, QueryInt } from '../common/fields';

/** Events of recurrence and spikes (issue 26; docs/hotspots.md). */
export const HotspotEvents = {
  /** A problem came back to the place (same category) where one was closed: 复发. */
  RecurrenceDetected: 'office.recurrence.detected',
  /** A category rose above its usual level in a grid or community today: 异常突增. */
  SpikeDetected: 'office.spike.detected',
} as const;

export interface RecurrenceDetectedData {
  incidentId: string;
  code: string;
  category: string;
  categoryName: string;
  keyArea: string;
  gridPath: string;
  predecessorId: string;
  predecessorCode: string;
  /** days from the predecessor's closure to this report */
  gapDays: number;
  /** true when it came back within RECURRENCE_QUICK_DAYS (30) days */
  quick: boolean;
  /** predecessors in the chain (this place's closed problems of the category, newest first) */
  chainLength: number;
}

export interface SpikeDetectedData {
  spikeId: string;
  placePath: string;
  placeLevel: 'grid' | 'community';
  category: string;
  categoryName: string;
  keyArea: string;
  day: string;
  observed: number;
  expected: number;
  pValue: number;
  incidentId: string;
  /** "汽车乱停 在 c03 社区今日 9 件（通常约 1.5 件）" */
  message: string;
}

class ScopedRange {
  /** Reported on or after this day (street calendar, YYYY-MM-DD). */
  @IsOptional() @IsDateString() from?: string;
  /** Reported on or before this day. */
  @IsOptional() @IsDateString() to?: string;
  /** A grid path inside the caller's scope (default: the scope). */
  @IsOptional() @GridRoot() root?: string;
  @IsOptional() @IsEnum(KeyArea) keyArea?: KeyArea;
  @IsOptional() @IsCategoryCode() category?: string;
}

/** `office.recurrence.summary`: recurring problems counted per place (grids of a level) and category, with 30天复发率 beside 返工率. */
export namespace RecurrenceSummary {
  export const subject = rpcSubject<Request, Reply>('office.recurrence.summary');
  export class Request extends ScopedRange {
    /** Group by grids of this level (default community). */
    @IsOptional() @IsEnum(GridLevel) level?: GridLevel;
    @IsOptional() @QueryInt(1, 500) limit?: number;
  }
  export interface Figures {
    /** 发现 (reports that were not "me too" duplicates) */
    found: number;
    /** 复发: reported at a place where the same category had been closed (within the look-back window) */
    recurring: number;
    /** of which within 30 days of that closure */
    recurringQuick: number;
    /** 结案 */
    closed: number;
    /** closed problems that came back within 30 days of closure */
    cameBackQuick: number;
    /** 复发占比: recurring / found, percent (2 decimals) */
    recurringShare: number | null;
    /** 30天复发率: cameBackQuick / closed, percent (2 decimals) */
    quickRecurrenceRate: number | null;
  }
  export interface Row extends Figures {
    place: { path: string; name: string };
    category: string;
    categoryName: string;
    keyArea: KeyArea;
  }
  export interface Reply {
    root: string;
    from: string | null;
    to: string | null;
    level: GridLevel;
    quickDays: number;
    total: Figures & {
      /** 返工率 from the ledger's counters over the same root and days, for comparison */
      reworkRate: number | null;
    };
    rows: Row[];
  }
}

/** `office.recurrence.list`: recurring problems, newest first, each with its chain of predecessors at the place. */
export namespace ListRecurrences {
  export const subject = rpcSubject<Request, Reply>('office.recurrence.list');
  export class Request extends ScopedRange {
    /** only those back within 30 days of the predecessor's closure */
    @IsOptional() @QueryBool() quick?: boolean;
    @IsOptional() @QueryInt(1, 200) limit?: number;
  }
  export interface Link {
    id: string;
    code: string;
    title: string;
    reportedAt: string;
    closedAt: string | null;
  }
  export interface Item extends Link {
    category: string;
    categoryName: string;
    keyArea: KeyArea;
    gridPath: string;
    address: string | null;
    /** days from the predecessor's closure to this report */
    gapDays: number;
    /** predecessors, newest first */
    predecessors: Link[];
  }
  export interface Reply {
    items: Item[];
  }
}

export const HOTSPOT_PERIODS = ['week', 'month'] as const;
export type HotspotPeriod = (typeof HOTSPOT_PERIODS)[number];

/** `office.hotspot.analyse`: emerging hot and cold spots (Gi* per period over grid neighbours, Mann-Kendall trends, ArcGIS classes). */
export namespace AnalyseHotspots {
  export const subject = rpcSubject<Request, Reply>('office.hotspot.analyse');
  export class Request {
    @IsOptional() @GridRoot() root?: string;
    /** The places: grids of this level under the root (default building_cluster: the L3 grids). */
    @IsOptional() @IsEnum(GridLevel) level?: GridLevel;
    @IsOptional() @IsEnum(KeyArea) keyArea?: KeyArea;
    @IsOptional() @IsCategoryCode() category?: string;
    @IsOptional() @IsIn(HOTSPOT_PERIODS) period?: HotspotPeriod;
    /** How many whole periods (default 52 weeks or 12 months), ending with the last whole one on or before `to`. */
    @IsOptional() @QueryInt(4, 260) periods?: number;
    /** Last day (default today, street calendar). */
    @IsOptional() @IsDateString() to?: string;
    /** Neighbours: sharing a border (0, default) or within this many metres. */
    @IsOptional() @QueryInt(0, 5000) distanceM?: number;
    /** Significance level of Gi* and of the trends (default 0.1: ArcGIS's 90%). */
    @IsOptional() @Type(() => Number) @IsNumber() @IsIn([0.1, 0.05, 0.01]) alpha?: number;
    /** Benjamini-Hochberg false discovery rate control per period (default true). */
    @IsOptional() @QueryBool() fdr?: boolean;
  }
  export interface Trend {
    /** Mann-Kendall S, Kendall's tau, z and two-sided p */
    s: number;
    tau: number;
    z: number;
    p: number;
    trend: 'up' | 'down' | 'none';
  }
  export interface Place {
    path: string;
    name: string;
    centroid: [number, number];
    neighbours: number;
    /** counts per period, oldest first */
    counts: number[];
    /** Gi* z-score per period */
    z: number[];
    /** Gi* two-sided p per period */
    p: number[];
    /** 1 significant hot, −1 significant cold, 0 neither, per period */
    bins: (1 | 0 | -1)[];
    hotBins: number;
    coldBins: number;
    kind: 'hot' | 'cold' | 'none';
    pattern: 'new' | 'consecutive' | 'intensifying' | 'persistent' | 'diminishing' | 'sporadic' | 'oscillating' | 'historical' | 'none';
    /** e.g. 新热点 / New hot spot (cold spots: 新冷点) */
    label: { zh: string; en: string };
    /** why this class, in words, from the statistics above */
    reason: string;
    /** Mann-Kendall on the counts (is the place's count rising?) */
    countTrend: Trend;
    /** Mann-Kendall on the Gi* z-scores (is the clustering intensifying?) — decides intensifying/persistent/diminishing */
    zTrend: Trend;
    total: number;
  }
  export interface Reply {
    root: string;
    level: GridLevel;
    keyArea: KeyArea | null;
    category: string | null;
    period: HotspotPeriod;
    /** [first day, last day] of each period, oldest first */
    periods: [string, string][];
    alpha: number;
    fdr: boolean;
    distanceM: number;
    /** the classes with a count of places in each */
    summary: { kind: 'hot' | 'cold'; pattern: string; label: { zh: string; en: string }; places: number }[];
    /** hot spots first (strongest last-period z first), then cold, then the rest */
    places: Place[];
    tookMs: number;
  }
}

/** `office.spike.list`: spikes raised in the scope (newest first). */
export namespace ListSpikes {
  export const subject = rpcSubject<Request, Reply>('office.spike.list');
  export class Request extends ScopedRange {
    @IsOptional() @QueryInt(1, 500) limit?: number;
  }
  export interface Item {
    id: string;
    placePath: string;
    placeLevel: 'grid' | 'community';
    placeLevelLabel: string;
    category: string;
    categoryName: string;
    keyArea: KeyArea;
    day: string;
    observed: number;
    expected: number;
    pValue: number;
    detectedAt: string;
  }
  export interface Reply {
    model: string;
    items: Item[];
  }
}
