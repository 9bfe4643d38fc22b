import { IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { rpcSubject } from '../common/rpc';
import { CalendarMonth, IsGridPath, QueryInt, Text } from '../common/fields';

export type SurveyKind = 'return_visit' | 'democratic';
export const SURVEY_KIND_LABELS: Record<SurveyKind, { zh: string; en: string }> = {
  return_visit: { zh: '结案回访', en: 'Return visit after closure' },
  democratic: { zh: '居民代表民主评议', en: "Residents' representatives' democratic appraisal" },
};
/** A grid path in appraisal's wording (`gridPath must be a grid path`, the field named). */
export const AppraisalGridPath = (): PropertyDecorator => IsGridPath({ message: '$property must be a grid path' });

export const HALF_YEAR_PATTERN = /^\d{4}H[12]$/;

export namespace ListSurveys {
  export const subject = rpcSubject<Request, Reply>('appraisal.survey.list');
  export class Request {
    @IsOptional() @IsIn(['return_visit', 'democratic']) kind?: SurveyKind;
    @IsOptional() @IsIn(['pending', 'answered']) status?: 'pending' | 'answered';
    @IsOptional() @CalendarMonth() month?: string;
    @IsOptional() @IsUUID() incidentId?: string;
    @IsOptional() @AppraisalGridPath() gridPath?: string;
    @IsOptional() @QueryInt(1, 200) limit?: number;
  }
  export interface Reply {
    items: SurveyView[];
  }
}

/** The reporter's rating after closure (回访). "Not fixed" asks the office to reopen the incident. */
export namespace AnswerSurvey {
  export const subject = rpcSubject<Request, Reply>('appraisal.survey.answer');
  export class Request {
    @IsUUID() id: string;
    @IsInt() @Min(1) @Max(5) rating: number;
    @IsBoolean() fixed: boolean;
    @IsOptional() @Text(1000) comment?: string;
  }
  export type Reply = SurveyView;
}

/** Half-yearly democratic appraisal of a grid by residents' representatives (民主评议). */
export namespace RecordDemocraticAppraisal {
  export const subject = rpcSubject<Request, Reply>('appraisal.survey.democratic');
  export class Request {
    @AppraisalGridPath() gridPath: string;
    @Matches(HALF_YEAR_PATTERN, { message: 'halfYear must be like 2025H1' }) halfYear: string;
    @IsInt() @Min(0) @Max(10000) satisfied: number;
    @IsInt() @Min(0) @Max(10000) basicallySatisfied: number;
    @IsInt() @Min(0) @Max(10000) dissatisfied: number;
    @IsOptional() @Text(1000) comment?: string;
  }
  export type Reply = SurveyView;
}

export interface SurveyView {
  id: string;
  kind: SurveyKind;
  kindLabel: { zh: string; en: string };
  status: 'pending' | 'answered';
  incidentId: string | null;
  incidentCode: string | null;
  gridPath: string;
  /** the grid worker credited with the problem (its reporter) */
  personId: string | null;
  rating: number | null;
  fixed: boolean | null;
  comment: string | null;
  /** 0..1, what the survey adds to the satisfaction rate */
  rate: number | null;
  halfYear: string | null;
  representatives: number | null;
  month: string;
  createdAt: string;
  answeredAt: string | null;
}
