import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HelmetOptions } from 'helmet';

/** The gateway's security headers (helmet's defaults, the Content-Security-Policy of the web page). No option depends on the request. */
export const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
      styleSrc: ["'self'", "'unsafe-inline'"],
      scriptSrc: ["'self'"],
      workerSrc: ["'self'", 'blob:'],
      connectSrc: ["'self'"],
    },
  },
};

export type HeaderOp = [name: string, value: string | number | readonly string[] | null];

/**
 * What a middleware that only sets or removes response headers does, run once and recorded (null:
 * removed), so each request replays it: helmet's fourteen middlewares per request were ~4.5 % of
 * the gateway's CPU per intake (#27 item 2; the @fastify/helmet plugin had even rebuilt them).
 */
export function recordHeaders(middleware: (req: IncomingMessage, res: ServerResponse, next: (e?: unknown) => void) => void): HeaderOp[] {
  const ops: HeaderOp[] = [];
  const res = { setHeader: (name: string, value: string | number | readonly string[]) => ops.push([name, value]), removeHeader: (name: string) => ops.push([name, null]) };
  let failed: unknown;
  middleware({ headers: {} } as IncomingMessage, res as unknown as ServerResponse, (e) => (failed = e));
  if (failed) throw failed;
  return ops;
}
