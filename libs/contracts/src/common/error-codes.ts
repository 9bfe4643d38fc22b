/** One error code: the string integrators match on, and the HTTP status the gateway answers for it. */
export type ErrorEntry = readonly [code: string, httpStatus: number];

/** The codes of a table by name (`OfficeErrorCode.IncidentNotFound` → 'OFFICE_INCIDENT_NOT_FOUND'); doc comments carry over. */
export type ErrorCodes<T extends Record<string, ErrorEntry>> = { readonly [K in keyof T]: T[K][0] };

/** The union of a codes object's values: `type OfficeErrorCode = CodeOf<typeof OfficeErrorCode>`. */
export type CodeOf<C> = C[keyof C];

/**
 * A capability's error codes, each said once with its HTTP status (a code cannot be added without
 * one):
 * ```ts
 * export const { codes: AppraisalErrorCode, httpStatus: APPRAISAL_HTTP_STATUS } = errorCodes({
 *   PlanNotFound: ['APPRAISAL_PLAN_NOT_FOUND', 404],
 * });
 * export type AppraisalErrorCode = CodeOf<typeof AppraisalErrorCode>;
 * ```
 * `codes` reads like the string enum it replaces (`AppraisalErrorCode.PlanNotFound`, `Object.values`);
 * `httpStatus` maps each code string to its status. A code string said twice throws on load.
 */
export function errorCodes<const T extends Record<string, ErrorEntry>>(
  entries: T,
): { codes: ErrorCodes<T>; httpStatus: Readonly<Record<T[keyof T][0], number>> } {
  const codes: Record<string, string> = {};
  const httpStatus: Record<string, number> = {};
  for (const [name, [code, status]] of Object.entries(entries)) {
    if (Object.prototype.hasOwnProperty.call(httpStatus, code)) throw new Error(`error code ${code} is listed twice`);
    codes[name] = code;
    httpStatus[code] = status;
  }
  return { codes: Object.freeze(codes) as ErrorCodes<T>, httpStatus: Object.freeze(httpStatus) as Record<T[keyof T][0], number> };
}
