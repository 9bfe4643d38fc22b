/** Error codes of appraisal (考核评价). Each is mapped to an HTTP status in the gateway. */
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
