import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
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
 * removed), so each request replays it instead of running helmet's fourteen middlewares (#27 item
 * 2; ~0.8 µs a request measured in process, docs/performance.md §12: most of the cost is Node's
 * setHeader, which stays). The middleware is given a real, unsent response whose two header
 * methods record.
 */
export function recordHeaders(middleware: (req: IncomingMessage, res: ServerResponse, next: (e?: unknown) => void) => void): HeaderOp[] {
  const ops: HeaderOp[] = [];
  const req = new IncomingMessage(new Socket());
  const res = new ServerResponse(req);
  res.setHeader = (name, value) => (ops.push([name, value]), res);
  res.removeHeader = (name) => void ops.push([name, null]);
  let failed: unknown;
  middleware(req, res, (e) => (failed = e));
  if (failed) throw failed;
  return ops;
}
