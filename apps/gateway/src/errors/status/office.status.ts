import { OfficeErrorCode } from '@grid122/contracts';

/** HTTP status of every office error code (a Record: a new code does not compile until listed). */
export const OFFICE_STATUS: Record<OfficeErrorCode, number> = {
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
