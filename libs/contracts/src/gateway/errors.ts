import { CodeOf, errorCodes } from '../common/error-codes';

/** Error codes of the gateway's own capabilities (accounts, API keys), each with the HTTP status it answers. */
export const { codes: GatewayErrorCode, httpStatus: GATEWAY_HTTP_STATUS } = errorCodes({
  BadCredentials: ['AUTH_BAD_CREDENTIALS', 401],
  AccountLocked: ['AUTH_ACCOUNT_LOCKED', 429],
  TokenExpired: ['AUTH_TOKEN_EXPIRED', 401],
  BadApiKey: ['AUTH_BAD_API_KEY', 401],
  /** An audited action could not write its audit row: nothing was done (fail closed, 等保三级). */
  AuditUnavailable: ['AUDIT_UNAVAILABLE', 503],
  /** The change would put two of the separated administrator duties (三员分立) in one hand. */
  SeparationOfDuties: ['SEPARATION_OF_DUTIES', 403],
});
export type GatewayErrorCode = CodeOf<typeof GatewayErrorCode>;
