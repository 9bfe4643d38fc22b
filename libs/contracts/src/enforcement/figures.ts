import { IsISO8601, IsOptional } from 'class-validator';
import { EnforcementCaseView, RectificationNoticeView } from './case';
import { JointOperationRollup } from './operations';
import { rpcSubject } from '../common/rpc';
import { GridPath } from '../common/fields';

/** A period (ISO 8601, either end open) and a grid subtree within the caller's scope. */
export class EnforcementPeriodQuery {
  @IsOptional() @IsISO8601() from?: string;
  @IsOptional() @IsISO8601() to?: string;
  @IsOptional() @GridPath() gridPath?: string;
}

/** `enforcement.figures.get`: the team's numbers for a period and grid subtree. */
export namespace GetEnforcementFigures {
  export const subject = rpcSubject<Request, Reply>('enforcement.figures.get');
  export class Request extends EnforcementPeriodQuery {}
  export interface Reply {
    scope: string;
    from: string | null;
    to: string | null;
    totalCases: number;
    byCategory: { category: string; label: { zh: string; en: string }; total: number; byState: Record<string, number> }[];
    byState: { state: string; label: { zh: string; en: string }; count: number }[];
    notices: { issued: number; open: number; complied: number; overdueForReinspection: number };
    overdueNotices: RectificationNoticeView[];
    /** complied notices / notices that are due (complied, or past comply-by, or escalated); null with none due */
    complianceRate: number | null;
    averageDaysToComply: number | null;
    /**
     * Problems found (发现): the period's cases, plus violations a joint operation found at a place
     * target (a target that is an existing case is that case's, not a new finding).
     */
    findings: { total: number; cases: number; operations: number };
    /** Penalties decided on cases plus those recorded in joint-operation results (totals = both). */
    penalties: { count: number; amount: number; cases: { count: number; amount: number }; operations: { count: number; amount: number } };
    /** Area demolished on cases plus in joint-operation results. */
    areaDemolishedM2: number;
    operations: { id: string; ref: string; name: string; startsAt: string; endsAt: string; rollup: JointOperationRollup }[];
  }
}

/** `enforcement.case.export`: the case ledger as an XLSX workbook (执法案件台账), base64; at most 5,000 rows, `truncated` past them. */
export namespace ExportEnforcementCases {
  export const subject = rpcSubject<Request, Reply>('enforcement.case.export');
  export class Request extends EnforcementPeriodQuery {}
  export interface Reply {
    base64: string;
    /** rows in the workbook */
    rows: number;
    truncated: boolean;
    /**
     * The personal data the workbook shows in clear (`subject.name` when the caller serves notices
     * and a row's subject is a person), else empty: the gateway writes the download to the audit
     * log as a read of it (`pii.read`, issue 20 item 5).
     */
    personalData: string[];
  }
}

/** The response header naming the personal data a download shows in clear (`subject.name`), for the read audit. */
export const PERSONAL_DATA_HEADER = 'x-personal-data';
