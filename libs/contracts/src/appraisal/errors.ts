import { CodeOf, errorCodes } from '../common/error-codes';

/** Error codes of appraisal (考核评价), each with the HTTP status the gateway answers for it. */
export const { codes: AppraisalErrorCode, httpStatus: APPRAISAL_HTTP_STATUS } = errorCodes({
  PlanNotFound: ['APPRAISAL_PLAN_NOT_FOUND', 404],
  /** A plan whose rules do not add up (weights, unknown indicator, tiers out of order…). */
  PlanInvalid: ['APPRAISAL_PLAN_INVALID', 422],
  /** Rules against formalism (反对形式主义): pure activity counts may weigh at most the cap. */
  FormalismCapExceeded: ['APPRAISAL_FORMALISM_CAP_EXCEEDED', 422],
  /** A plan version may not rewrite a month already past (valid_from before the current month). */
  PlanRetroactive: ['APPRAISAL_PLAN_RETROACTIVE', 422],
  SurveyNotFound: ['APPRAISAL_SURVEY_NOT_FOUND', 404],
  SurveyAlreadyAnswered: ['APPRAISAL_SURVEY_ALREADY_ANSWERED', 409],
  /** A democratic appraisal for the grid and half-year is already on record. */
  DemocraticAppraisalExists: ['APPRAISAL_DEMOCRATIC_EXISTS', 409],
});
export type AppraisalErrorCode = CodeOf<typeof AppraisalErrorCode>;
