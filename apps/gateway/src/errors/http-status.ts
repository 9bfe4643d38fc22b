import { ERROR_HTTP_STATUS, ErrorCode } from '@grid122/contracts';

/**
 * The one map from error code to HTTP status: each capability's codes carry theirs in its contracts
 * (`errorCodes({ Name: ['CODE', status] })` in `libs/contracts/src/<service>/errors.ts`, gathered
 * in `ERROR_HTTP_STATUS`, exhaustive over `ErrorCode`), so a service's new code touches no gateway
 * file and cannot be written without its status.
 */
export function httpStatusFor(code: ErrorCode): number {
  return ERROR_HTTP_STATUS[code];
}

/** A code from a reply (a string the gateway did not write): its status, or 500 — never a property of Object.prototype. */
export function httpStatusForUnknown(code: string): number {
  return Object.hasOwn(ERROR_HTTP_STATUS, code) ? ERROR_HTTP_STATUS[code as ErrorCode] : 500;
}
