/** Error codes of the joint enforcement team. */
export enum EnforcementErrorCode {
  CaseNotFound = 'ENFORCEMENT_CASE_NOT_FOUND',
}
