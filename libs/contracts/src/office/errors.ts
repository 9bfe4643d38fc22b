import { CodeOf, errorCodes } from '../common/error-codes';

/** Error codes of the office (一办), each with the HTTP status the gateway answers for it. */
export const { codes: OfficeErrorCode, httpStatus: OFFICE_HTTP_STATUS } = errorCodes({
  IncidentNotFound: ['OFFICE_INCIDENT_NOT_FOUND', 404],
  /** The category does not exist or belongs to another key area. */
  CategoryInvalid: ['OFFICE_CATEGORY_INVALID', 422],
  /** No location was located and no grid was given. */
  GridRequired: ['OFFICE_GRID_REQUIRED', 422],
  /** The incident's place is outside the caller's scope. */
  OutOfScope: ['OFFICE_OUT_OF_SCOPE', 403],
  /** A photo hash names no stored photo. */
  PhotoNotFound: ['OFFICE_PHOTO_NOT_FOUND', 422],
  /** The incident holds as many photos as it may (OFFICE_MAX_PHOTOS_PER_INCIDENT: report, handling rounds, verifications). */
  PhotoQuotaExceeded: ['OFFICE_PHOTO_QUOTA_EXCEEDED', 422],
  /** The reopen window (N days after closure) has passed. */
  ReopenWindowPassed: ['OFFICE_REOPEN_WINDOW_PASSED', 409],
  /** The caller is not the one the action belongs to (not the dispatched unit, not the grid's worker). */
  NotAssignee: ['OFFICE_NOT_ASSIGNEE', 403],
  /** The reporter already answered on this closure (办结满意度: one answer per closure). */
  SatisfactionAnswered: ['OFFICE_SATISFACTION_ANSWERED', 409],
  /** The month's theme (每月一题) of this category is adopted already for the root. */
  ThemeExists: ['OFFICE_THEME_EXISTS', 409],
  ThemeNotFound: ['OFFICE_THEME_NOT_FOUND', 404],
  /** 民情日志抽查: no such spot-check in scope. */
  DiaryCheckNotFound: ['OFFICE_DIARY_CHECK_NOT_FOUND', 404],
  /** The month's diary review (讲评) was published already for this root. */
  DiaryReviewPublished: ['OFFICE_DIARY_REVIEW_PUBLISHED', 409],
});
export type OfficeErrorCode = CodeOf<typeof OfficeErrorCode>;
