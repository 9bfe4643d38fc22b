import { AppraisalErrorCode } from '@grid122/contracts';

/** HTTP status of every appraisal error code (a Record: a new code does not compile until listed). */
export const APPRAISAL_STATUS: Record<AppraisalErrorCode, number> = {
  [AppraisalErrorCode.PlanNotFound]: 404,
  [AppraisalErrorCode.PlanInvalid]: 422,
  [AppraisalErrorCode.FormalismCapExceeded]: 422,
  [AppraisalErrorCode.PlanRetroactive]: 422,
  [AppraisalErrorCode.SurveyNotFound]: 404,
  [AppraisalErrorCode.SurveyAlreadyAnswered]: 409,
  [AppraisalErrorCode.DemocraticAppraisalExists]: 409,
};
