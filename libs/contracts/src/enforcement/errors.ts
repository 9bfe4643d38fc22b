import { CodeOf, errorCodes } from '../common/error-codes';

/** Error codes of the joint enforcement team (综合执法队), each with the HTTP status the gateway answers for it. */
export const { codes: EnforcementErrorCode, httpStatus: ENFORCEMENT_HTTP_STATUS } = errorCodes({
  CaseNotFound: ['ENFORCEMENT_CASE_NOT_FOUND', 404],
  NoticeNotFound: ['ENFORCEMENT_NOTICE_NOT_FOUND', 404],
  OperationNotFound: ['ENFORCEMENT_OPERATION_NOT_FOUND', 404],
  TargetNotFound: ['ENFORCEMENT_TARGET_NOT_FOUND', 404],
  EvidenceNotFound: ['ENFORCEMENT_EVIDENCE_NOT_FOUND', 422],
  UnknownCategory: ['ENFORCEMENT_UNKNOWN_CATEGORY', 422],
  /** 文明执法: every inspection and decision needs at least two named officers present. */
  TwoOfficersRequired: ['ENFORCEMENT_TWO_OFFICERS_REQUIRED', 422],
  /** No grid path given and the point could not be located (registry down or point on no grid). */
  GridPathRequired: ['ENFORCEMENT_GRID_PATH_REQUIRED', 422],
  EvidenceTooLarge: ['ENFORCEMENT_EVIDENCE_TOO_LARGE', 413],
  EvidenceTypeNotAllowed: ['ENFORCEMENT_EVIDENCE_TYPE_NOT_ALLOWED', 415],
  /** A department that is not called up to the operation. */
  NotAParticipant: ['ENFORCEMENT_NOT_A_PARTICIPANT', 403],
  /** A date that contradicts the record (comply-by before the notice, window end before start…). */
  InvalidDate: ['ENFORCEMENT_INVALID_DATE', 422],
});
export type EnforcementErrorCode = CodeOf<typeof EnforcementErrorCode>;
