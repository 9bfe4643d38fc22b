/** Error codes of the gateway's own capabilities (accounts, API keys). */
export enum GatewayErrorCode {
  BadCredentials = 'AUTH_BAD_CREDENTIALS',
  AccountLocked = 'AUTH_ACCOUNT_LOCKED',
  TokenExpired = 'AUTH_TOKEN_EXPIRED',
  BadApiKey = 'AUTH_BAD_API_KEY',
}
