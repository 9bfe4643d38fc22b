/** Error codes of appraisal. */
export enum AppraisalErrorCode {
  PlanNotFound = 'APPRAISAL_PLAN_NOT_FOUND',
}
