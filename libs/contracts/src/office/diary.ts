import { ArrayMaxSize, IsArray, IsDateString, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { Page, PageQuery } from '../common/pagination';
import { IncidentView, ProblemFields } from './incident-report';
import { rpcSubject } from '../common/rpc';
import { GRID_PATH_PATTERN } from '../common/primitives';
import { GridRoot, NestedList, QueryInt, Text } from '../common/fields';

/** One problem found on patrol: becomes an incident (source patrol_diary). */
export class DiaryProblem extends ProblemFields {}

/** `office.diary.file`: a grid worker's daily diary (民情日志) with the problems found. */
export namespace FileDiary {
  export const subject = rpcSubject<Request, Reply>('office.diary.file');
  export class Request {
    /** Local date the diary is for; default today. */
    @IsOptional() @IsDateString() date?: string;
    @IsOptional() @IsUUID() gridId?: string;
    /** The grid the diary is for; default the worker's own scope. */
    @IsOptional() @Matches(GRID_PATH_PATTERN, { message: 'gridPath must be an ltree grid path' }) @MaxLength(300) gridPath?: string;
    /** Patrol route or buildings covered ("1-10号楼"). */
    @Text(500) route: string;
    @IsOptional() @IsArray() @ArrayMaxSize(200) @IsString({ each: true }) @MaxLength(50, { each: true }) buildings?: string[];
    @QueryInt(0, 10000) householdsVisited: number;
    @IsOptional() @Text(8000) notes?: string;
    @IsOptional() @NestedList(() => DiaryProblem, 50) problems?: DiaryProblem[];
    @IsOptional() @IsString() @Matches(/^[\x21-\x7e]{1,128}$/, { message: 'idempotencyKey must be 1-128 visible ASCII characters' }) idempotencyKey?: string;
  }
  export type Reply = DiaryView;
}

export interface DiaryView {
  id: string;
  date: string;
  authorId: string;
  authorName: string | null;
  gridId: string | null;
  gridPath: string;
  route: string;
  buildings: string[];
  householdsVisited: number;
  notes: string | null;
  problemsFound: number;
  incidentIds: string[];
  /** 双报告: the community (L1) and the street it was reported to. */
  reportedTo: { community: string | null; street: string | null };
  createdAt: string;
  incidents?: IncidentView[];
}

/** `office.diary.list`: by grid (root) and date range, newest first. */
export namespace ListDiaries {
  export const subject = rpcSubject<Request, Reply>('office.diary.list');
  export class Request extends PageQuery {
    @IsOptional() @GridRoot() root?: string;
    @IsOptional() @IsDateString() from?: string;
    @IsOptional() @IsDateString() to?: string;
  }
  export type Reply = Page<DiaryView>;
}
