/** Error codes of appraisal (考核评价). Each has its HTTP status below. */
export enum AppraisalErrorCode {
  PlanNotFound = 'APPRAISAL_PLAN_NOT_FOUND',
  /** A plan whose rules do not add up (weights, unknown indicator, tiers out of order…). */
  PlanInvalid = 'APPRAISAL_PLAN_INVALID',
  /** Rules against formalism (反对形式主义): pure activity counts may weigh at most the cap. */
  FormalismCapExceeded = 'APPRAISAL_FORMALISM_CAP_EXCEEDED',
  /** A plan version may not rewrite a month already past (valid_from before the current month). */
  PlanRetroactive = 'APPRAISAL_PLAN_RETROACTIVE',
  SurveyNotFound = 'APPRAISAL_SURVEY_NOT_FOUND',
  SurveyAlreadyAnswered = 'APPRAISAL_SURVEY_ALREADY_ANSWERED',
  /** A democratic appraisal for the grid and half-year is already on record. */
  DemocraticAppraisalExists = 'APPRAISAL_DEMOCRATIC_EXISTS',
}

/** The HTTP status the gateway answers for each appraisal error code (a Record: a new code does not compile until listed). */
export const APPRAISAL_HTTP_STATUS: Record<AppraisalErrorCode, number> = {
  [AppraisalErrorCode.PlanNotFound]: 404,
  [AppraisalErrorCode.PlanInvalid]: 422,
  [AppraisalErrorCode.FormalismCapExceeded]: 422,
  [AppraisalErrorCode.PlanRetroactive]: 422,
  [AppraisalErrorCode.SurveyNotFound]: 404,
  [AppraisalErrorCode.SurveyAlreadyAnswered]: 409,
  [AppraisalErrorCode.DemocraticAppraisalExists]: 409,
};
