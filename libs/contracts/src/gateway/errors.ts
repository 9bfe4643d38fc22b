/** Error codes of the gateway's own capabilities (accounts, API keys). */
export enum GatewayErrorCode {
  BadCredentials = 'AUTH_BAD_CREDENTIALS',
  AccountLocked = 'AUTH_ACCOUNT_LOCKED',
  TokenExpired = 'AUTH_TOKEN_EXPIRED',
  BadApiKey = 'AUTH_BAD_API_KEY',
  /** An audited action could not write its audit row: nothing was done (fail closed, 等保三级). */
  AuditUnavailable = 'AUDIT_UNAVAILABLE',
  /** The change would put two of the separated administrator duties (三员分立) in one hand. */
  SeparationOfDuties = 'SEPARATION_OF_DUTIES',
}
