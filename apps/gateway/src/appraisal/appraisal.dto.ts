import { OmitType } from '@nestjs/swagger';
import {
  AnswerSurvey,
  CreatePlanVersion,
  GetNotice,
  GetPlanVersion,
  GetRanking,
  GetThreeRates,
  GetYearEnd,
  ListPlans,
  ListScores,
  ListSurveys,
  RecomputeScores,
  RecordDemocraticAppraisal,
  ScoreHistory,
  SetGridGrade,
} from '@grid122/contracts';

/** HTTP shapes: the contracts' request classes (validated the same way at the edge). */
export class CreatePlanDto extends CreatePlanVersion.Request {}
export class ListPlansQuery extends ListPlans.Request {}
export class GetPlanQuery extends OmitType(GetPlanVersion.Request, ['grade'] as const) {}
export class SetGridGradeDto extends SetGridGrade.Request {}
export class ListScoresQuery extends ListScores.Request {}
export class ScoreHistoryQuery extends OmitType(ScoreHistory.Request, ['kind', 'subject'] as const) {}
export class RecomputeQuery extends RecomputeScores.Request {}
export class RankingQuery extends GetRanking.Request {}
export class NoticeQuery extends GetNotice.Request {}
export class ThreeRatesQuery extends GetThreeRates.Request {}
export class YearEndQuery extends GetYearEnd.Request {}
export class ListSurveysQuery extends ListSurveys.Request {}
export class AnswerSurveyDto extends OmitType(AnswerSurvey.Request, ['id'] as const) {}
export class DemocraticDto extends RecordDemocraticAppraisal.Request {}
