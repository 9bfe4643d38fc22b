import { Type } from 'class-transformer';
import { IsDateString, IsEnum, IsIn, IsNumber, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { rpcSubject } from '../common/rpc';
import { CalendarMonth, GridRoot, Text } from '../common/fields';
import { DocType, doc } from '../common/doc-schema';
import type { StaffRoster } from '../registry/staff';

/**
 * 民情日志督查 (seed 002 §督查考核): every grid head's diary is spot-checked at least once a month,
 * graded and commented on (通报讲评); the grade counts at year end.
 */
export enum DiaryGrade {
  Excellent = 'excellent', // 优秀
  Good = 'good', // 良好
  Pass = 'pass', // 合格
  Fail = 'fail', // 不合格
}

export const DIARY_GRADE_LABELS: Record<DiaryGrade, { zh: string; en: string; points: number }> = {
  [DiaryGrade.Excellent]: { zh: '优秀', en: 'Excellent', points: 100 },
  [DiaryGrade.Good]: { zh: '良好', en: 'Good', points: 85 },
  [DiaryGrade.Pass]: { zh: '合格', en: 'Pass', points: 70 },
  [DiaryGrade.Fail]: { zh: '不合格', en: 'Fail', points: 40 },
};

/** One grid head expected to file a diary (a current grid_head post on an L1-L3 grid). */
export interface ExpectedDiarist extends Omit<StaffRoster.Post, 'gridLevel' | 'role'> {
  gridLevel: string;
  filed: boolean;
  diaryIds: string[];
}

/** `office.diary.expected`: who should file today's diaries (应报), who did, who did not (未报). */
export namespace ExpectedDiaries {
  export const subject = rpcSubject<Request, Reply>('office.diary.expected');
  export class Request {
    /** The street's day; default today. Never in the future. */
    @IsOptional() @IsDateString({ strict: true }, { message: 'date must be a date YYYY-MM-DD' }) date?: string;
    @IsOptional() @GridRoot() root?: string;
  }
  export interface Reply {
    date: string;
    /** Diaries are expected on the street's working days only. */
    workingDay: boolean;
    expected: number;
    filed: number;
    missing: number;
    /** per grid, path order */
    items: ExpectedDiarist[];
    /** the heads with no diary that day (未报) */
    missingItems: ExpectedDiarist[];
  }
}

export type DiaryCheckState = 'pending' | 'graded';

export interface DiaryCheckView {
  id: string;
  month: string;
  state: DiaryCheckState;
  diary: { id: string; date: string; gridPath: string; route: string; householdsVisited: number; notes: string | null; problemsFound: number };
  authorId: string;
  authorName: string | null;
  gridPath: string;
  drawnAt: string;
  drawnByName: string | null;
  grade: DiaryGrade | null;
  gradeLabel: { zh: string; en: string } | null;
  points: number | null;
  /** 讲评: the supervisor's comment, seen by the grid head */
  comment: string | null;
  gradedAt: string | null;
  gradedByName: string | null;
}

/** `office.diary_check.draw`: the supervisor draws the month's spot-checks at random (随机抽查). */
export namespace DrawDiaryChecks {
  export const subject = rpcSubject<Request, Reply>('office.diary_check.draw');
  export class Request {
    @CalendarMonth() month: string;
    /** Share of the month's diaries to check; default OFFICE_DIARY_CHECK_SHARE. Every author gets one at least. */
    @IsOptional() @Type(() => Number) @IsNumber() @Min(0.01) @Max(1) share?: number;
    @IsOptional() @GridRoot() root?: string;
  }
  export interface Reply {
    month: string;
    share: number;
    diaries: number;
    /** checks of the month in the root, this draw's included */
    checks: number;
    drawn: DiaryCheckView[];
    /** grid heads with no diary in the month: nothing to check, flagged for the 讲评 */
    noDiary: { staffId: string; name: string; gridPath: string }[];
  }
}

/** `office.diary_check.list`: a grid worker sees their own checks; supervisors every check in scope. */
export namespace ListDiaryChecks {
  export const subject = rpcSubject<Request, Reply>('office.diary_check.list');
  export class Request {
    @IsOptional() @CalendarMonth() month?: string;
    @IsOptional() @IsIn(['pending', 'graded']) state?: DiaryCheckState;
    @IsOptional() @IsUUID() authorId?: string;
    @IsOptional() @GridRoot() root?: string;
  }
  export interface Reply {
    items: DiaryCheckView[];
  }
}

/** `office.diary_check.grade`: grade a drawn diary with a comment (讲评); once. */
export namespace GradeDiaryCheck {
  export const subject = rpcSubject<Request, Reply>('office.diary_check.grade');
  export class Request {
    @IsUUID() id: string;
    @IsEnum(DiaryGrade) grade: DiaryGrade;
    @Text(1000, 2) comment: string;
  }
  export type Reply = DiaryCheckView;
}

/** The totals of a month's 讲评 (the office's review of the diaries, one implementation). */
export const DiaryReviewTotals = doc.object('DiaryTotals', {
  /** (in a grid head's row: the month's working days to today) */
  expectedDays: doc.number({ description: 'Working days (to today) × the heads reviewed' }),
  filedDays: doc.number(),
  completeness: doc.number({ nullable: true, description: 'filed / expected days, a fraction (3 decimals)' }),
  checks: doc.number({ description: '随机抽查: spot-checks drawn' }),
  graded: doc.number({ description: 'Spot-checks graded (讲评)' }),
  averagePoints: doc.number({ nullable: true, description: '优秀 100 / 良好 85 / 合格 70 / 不合格 40, averaged' }),
});
export type DiaryReviewTotals = DocType<typeof DiaryReviewTotals>;

/**
 * 民情日志 figures for the board (the hub's office panel) and the notice: the day's counts as
 * `GET /diaries/expected` answers them, the month's totals as `GET /diary-reviews/{month}` does —
 * computed by the same code, so the three never disagree.
 */
export const DiaryFigures = doc.object('DiaryFigures', {
  day: doc.ref(
    doc.object('DiaryDay', {
      date: doc.string({ example: '2026-12-07' }),
      workingDay: doc.boolean({ description: 'Diaries are expected on the street\'s working days only' }),
      expected: doc.number({ description: '应报: grid heads who should file that day' }),
      filed: doc.number({ description: '已报' }),
      missing: doc.number({ description: '未报' }),
    }),
    { description: 'The period\'s last street day (today at most)' },
  ),
  month: doc.string({ example: '2026-12' }),
  totals: doc.ref(DiaryReviewTotals, { description: 'The month\'s 讲评 totals' }),
  publishedAt: doc.string({ nullable: true, format: 'date-time', description: '讲评 published (通报)' }),
});
export type DiaryFigures = DocType<typeof DiaryFigures>;

/** One grid head in the 讲评 list: their own totals (`expectedDays`: the month's working days to today). */
export interface DiaryReviewRow extends DiaryReviewTotals {
  rank: number;
  authorId: string;
  name: string | null;
  gridPath: string;
  comments: { date: string; grade: DiaryGrade; comment: string }[];
}

/** A month's review (讲评) of a subtree's diaries: read, or published. */
export class DiaryReviewMonth {
  @CalendarMonth() month: string;
  @IsOptional() @GridRoot() root?: string;
}

/** `office.diary_review.get`: the month's 讲评 list, best first (average grade, then completeness). */
export namespace GetDiaryReview {
  export const subject = rpcSubject<Request, Reply>('office.diary_review.get');
  export class Request extends DiaryReviewMonth {}
  export interface Reply {
    month: string;
    root: string;
    /** set when the review was published (通报) */
    publishedAt: string | null;
    totals: DiaryReviewTotals;
    rows: DiaryReviewRow[];
  }
}

/**
 * `office.diary_review.publish`: publishes (通报) a finished month's 讲评 once per root; each grid
 * head's completeness goes to appraisal (`office.diary.reviewed`).
 */
export namespace PublishDiaryReview {
  export const subject = rpcSubject<Request, Reply>('office.diary_review.publish');
  export class Request extends DiaryReviewMonth {}
  export type Reply = GetDiaryReview.Reply;
}

/** `office.diary.checked`: a spot-check was graded (appraisal: diary_checks, diary_check_points). */
export interface DiaryCheckedData {
  checkId: string;
  diaryId: string;
  authorId: string;
  gridPath: string;
  /** the diary's month (the street's) */
  month: string;
  grade: DiaryGrade;
  points: number;
}

/** `office.diary.reviewed`: a grid head's month in the published 讲评 (appraisal: diary completeness). */
export interface DiaryReviewedData {
  month: string;
  authorId: string;
  gridPath: string;
  expectedDays: number;
  filedDays: number;
}

/** A problem a grid reported (双报告): the community must take it in and act (社区签收). */
export interface DualReportView {
  incidentId: string;
  code: string;
  title: string;
  category: string;
  state: string;
  source: string;
  gridPath: string;
  reportedAt: string;
  /** not taken in within OFFICE_DUAL_REPORT_HOURS of the report */
  overdue: boolean;
  acknowledgedAt: string | null;
  acknowledgedByName: string | null;
  note: string | null;
}

/** `office.dual_report.list`: the grid reports of the caller's community, pending or taken in. */
export namespace ListDualReports {
  export const subject = rpcSubject<Request, Reply>('office.dual_report.list');
  export class Request {
    @IsOptional() @IsIn(['pending', 'acknowledged']) state?: 'pending' | 'acknowledged';
    @IsOptional() @GridRoot() root?: string;
  }
  export interface Reply {
    pending: number;
    overdue: number;
    items: DualReportView[];
  }
}

/** `office.dual_report.acknowledge`: the community takes a grid's report in, saying what it does (once). */
export namespace AcknowledgeDualReport {
  export const subject = rpcSubject<Request, Reply>('office.dual_report.acknowledge');
  export class Request {
    @IsUUID() incidentId: string;
    @Text(1000, 2) note: string;
  }
  export type Reply = DualReportView;
}
