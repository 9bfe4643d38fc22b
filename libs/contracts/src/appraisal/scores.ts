import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { rpcSubject } from '../common/rpc';
import { GRID_PATH_PATTERN, MONTH_PATTERN } from '../common/primitives';
import { QueryInt } from '../common/fields';

export type SubjectKind = 'person' | 'grid';

/** The monthly close: rebuild a month's indicators from the stored facts, then its scores. */
export namespace RecomputeScores {
  export const subject = rpcSubject<Request, Reply>('appraisal.scores.recompute');
  export class Request {
    @Matches(MONTH_PATTERN, { message: 'month must be a month YYYY-MM' }) month: string;
  }
  export interface Reply {
    month: string;
    facts: number;
    persons: number;
    grids: number;
    /** plan versions used, per grade */
    plans: { grade: string; version: number }[];
  }
}

export namespace ListScores {
  export const subject = rpcSubject<Request, Reply>('appraisal.scores.list');
  export class Request {
    @Matches(MONTH_PATTERN, { message: 'month must be a month YYYY-MM' }) month: string;
    @IsOptional() @IsIn(['person', 'grid']) kind?: SubjectKind;
    @IsOptional() @IsUUID() personId?: string;
    @IsOptional() @Matches(GRID_PATH_PATTERN, { message: 'gridPath must be a grid path like nj.gulou.btq.c01' }) gridPath?: string;
    @IsOptional() @QueryInt(1, 500) limit?: number;
  }
  export interface Reply {
    month: string;
    items: ScoreView[];
  }
}

/** One person's or grid's months of a year (their score card). */
export namespace ScoreHistory {
  export const subject = rpcSubject<Request, Reply>('appraisal.scores.history');
  export class Request {
    @IsIn(['person', 'grid']) kind: SubjectKind;
    /** person id (uuid) or grid path */
    @Matches(/^([0-9a-f-]{36}|[a-z0-9_]+(\.[a-z0-9_]+)*)$/, { message: 'subject must be a person id or a grid path' }) subject: string;
    @QueryInt(2000, 2100) year: number;
  }
  export interface Reply {
    kind: SubjectKind;
    subject: string;
    year: number;
    items: ScoreView[];
  }
}

export interface RulePoints {
  key: string;
  labelZh: string;
  labelEn: string;
  value: number;
  points: number;
  weight: number;
}

export interface ScoreView {
  month: string;
  kind: SubjectKind;
  subject: string;
  name: string;
  gridPath: string;
  /** person kind: grid_worker | seconded */
  personKind: string | null;
  departmentId: string | null;
  plan: { grade: string; version: number; id: string };
  total: number;
  satisfaction: { points: number; rate: number; basis: 'surveys' | 'democratic' | 'both' | 'neutral' };
  outcome: number;
  rules: RulePoints[];
  tier: number;
  tierLabel: { zh: string; en: string };
  reward: number;
  indicators: Record<string, number>;
  computedAt: string;
}
