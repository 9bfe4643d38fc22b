/** Error codes of the joint enforcement team (综合执法队). Each has its HTTP status below. */
export enum EnforcementErrorCode {
  CaseNotFound = 'ENFORCEMENT_CASE_NOT_FOUND',
  NoticeNotFound = 'ENFORCEMENT_NOTICE_NOT_FOUND',
  OperationNotFound = 'ENFORCEMENT_OPERATION_NOT_FOUND',
  TargetNotFound = 'ENFORCEMENT_TARGET_NOT_FOUND',
  EvidenceNotFound = 'ENFORCEMENT_EVIDENCE_NOT_FOUND',
  UnknownCategory = 'ENFORCEMENT_UNKNOWN_CATEGORY',
  /** 文明执法: every inspection and decision needs at least two named officers present. */
  TwoOfficersRequired = 'ENFORCEMENT_TWO_OFFICERS_REQUIRED',
  /** No grid path given and the point could not be located (registry down or point on no grid). */
  GridPathRequired = 'ENFORCEMENT_GRID_PATH_REQUIRED',
  EvidenceTooLarge = 'ENFORCEMENT_EVIDENCE_TOO_LARGE',
  EvidenceTypeNotAllowed = 'ENFORCEMENT_EVIDENCE_TYPE_NOT_ALLOWED',
  /** A department that is not called up to the operation. */
  NotAParticipant = 'ENFORCEMENT_NOT_A_PARTICIPANT',
  /** A date that contradicts the record (comply-by before the notice, window end before start…). */
  InvalidDate = 'ENFORCEMENT_INVALID_DATE',
}

/** The HTTP status the gateway answers for each enforcement error code (a Record: a new code does not compile until listed). */
export const ENFORCEMENT_HTTP_STATUS: Record<EnforcementErrorCode, number> = {
  [EnforcementErrorCode.CaseNotFound]: 404,
  [EnforcementErrorCode.NoticeNotFound]: 404,
  [EnforcementErrorCode.OperationNotFound]: 404,
  [EnforcementErrorCode.TargetNotFound]: 404,
  [EnforcementErrorCode.EvidenceNotFound]: 422,
  [EnforcementErrorCode.UnknownCategory]: 422,
  [EnforcementErrorCode.TwoOfficersRequired]: 422,
  [EnforcementErrorCode.GridPathRequired]: 422,
  [EnforcementErrorCode.EvidenceTooLarge]: 413,
  [EnforcementErrorCode.EvidenceTypeNotAllowed]: 415,
  [EnforcementErrorCode.NotAParticipant]: 403,
  [EnforcementErrorCode.InvalidDate]: 422,
};
