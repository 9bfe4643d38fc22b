/** Error codes of the office (一办). */
export enum OfficeErrorCode {
  IncidentNotFound = 'OFFICE_INCIDENT_NOT_FOUND',
  /** The category does not exist or belongs to another key area. */
  CategoryInvalid = 'OFFICE_CATEGORY_INVALID',
  /** No location was located and no grid was given. */
  GridRequired = 'OFFICE_GRID_REQUIRED',
  /** The incident's place is outside the caller's scope. */
  OutOfScope = 'OFFICE_OUT_OF_SCOPE',
  /** A photo hash names no stored photo. */
  PhotoNotFound = 'OFFICE_PHOTO_NOT_FOUND',
  /** The incident holds as many photos as it may (OFFICE_MAX_PHOTOS_PER_INCIDENT: report, handling rounds, verifications). */
  PhotoQuotaExceeded = 'OFFICE_PHOTO_QUOTA_EXCEEDED',
  /** The reopen window (N days after closure) has passed. */
  ReopenWindowPassed = 'OFFICE_REOPEN_WINDOW_PASSED',
  /** The caller is not the one the action belongs to (not the dispatched unit, not the grid's worker). */
  NotAssignee = 'OFFICE_NOT_ASSIGNEE',
  /** The month's theme (每月一题) of this category is adopted already for the root. */
  /** The reporter already answered on this closure (办结满意度: one answer per closure). */
  SatisfactionAnswered = 'OFFICE_SATISFACTION_ANSWERED',
  ThemeExists = 'OFFICE_THEME_EXISTS',
  ThemeNotFound = 'OFFICE_THEME_NOT_FOUND',
  /** 民情日志抽查: no such spot-check in scope. */
  DiaryCheckNotFound = 'OFFICE_DIARY_CHECK_NOT_FOUND',
  /** The month's diary review (讲评) was published already for this root. */
  DiaryReviewPublished = 'OFFICE_DIARY_REVIEW_PUBLISHED',
}

/** The HTTP status the gateway answers for each office error code (a Record: a new code does not compile until listed). */
export const OFFICE_HTTP_STATUS: Record<OfficeErrorCode, number> = {
  [OfficeErrorCode.IncidentNotFound]: 404,
  [OfficeErrorCode.CategoryInvalid]: 422,
  [OfficeErrorCode.GridRequired]: 422,
  [OfficeErrorCode.OutOfScope]: 403,
  [OfficeErrorCode.PhotoNotFound]: 422,
  [OfficeErrorCode.PhotoQuotaExceeded]: 422,
  [OfficeErrorCode.ReopenWindowPassed]: 409,
  [OfficeErrorCode.NotAssignee]: 403,
  [OfficeErrorCode.SatisfactionAnswered]: 409,
  [OfficeErrorCode.ThemeExists]: 409,
  [OfficeErrorCode.ThemeNotFound]: 404,
  [OfficeErrorCode.DiaryCheckNotFound]: 404,
  [OfficeErrorCode.DiaryReviewPublished]: 409,
};
