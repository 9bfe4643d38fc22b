import { EnforcementErrorCode } from '@grid122/contracts';

/** HTTP status of every enforcement error code (a Record: a new code does not compile until listed). */
export const ENFORCEMENT_STATUS: Record<EnforcementErrorCode, number> = {
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
