import { CallHandler, ExecutionContext, Injectable, NestInterceptor, RequestMethod, Type } from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';
import { requestContext } from '@grid122/observability';
import { Observable } from 'rxjs';
import { AuditedRequest, PII_READ_ROUTES, ReadResponse, REVEAL_ROUTES, RevealAudit } from '../privacy/reveal-audit';

/**
 * The request's context for logs and every NATS hop: the request id, the caller (the auth guard
 * adds it) and a client's Idempotency-Key on a create or command (each service runs the command at
 * most once per caller, key and subject: IdempotencyStore). Entered by the gateway's first
 * `onRequest` hook around the rest of the request (the body's parsing, the guards, the pipes, the
 * handler and the error filter), not by a Nest interceptor: a global interceptor costs every
 * request Nest's `AsyncResource.bind` twice, rxjs `defer` and `mergeAll` layers and promises
 * (docs/performance.md §17, §20).
 */
export function enterRequestContext(req: { id?: unknown; method: string; headers: Record<string, unknown> }, next: () => void): void {
  const key = req.method !== 'GET' && req.method !== 'HEAD' ? req.headers['idempotency-key'] : undefined;
  requestContext.run({ requestId: String(req.id ?? requestContext.newId()), idempotencyKey: typeof key === 'string' && key ? key : undefined }, next);
}

/** The reveal and read audit (RevealAudit) as an interceptor: only on the routes it acts on (auditPersonalData). */
@Injectable()
export class RevealAuditInterceptor implements NestInterceptor {
  constructor(private readonly reveals: RevealAudit) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = ctx.switchToHttp();
    return this.reveals.around(http.getRequest<AuditedRequest>(), http.getResponse<ReadResponse>(), next);
  }
}

const join = (...parts: string[]) => `/${parts.join('/')}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
const asList = (v: unknown): string[] => (Array.isArray(v) ? v : [v ?? '']).map(String);

/**
 * Puts the reveal and read audit on each handler of a route in REVEAL_ROUTES (POST) and
 * PII_READ_ROUTES (GET), before the app's routes are built (call before `app.init()`); every other
 * route runs with no interceptor at all. Fails closed: a listed route that no controller serves
 * (renamed, moved) stops the gateway's start instead of going unaudited.
 */
export function auditPersonalData(modules: ModulesContainer, interceptor: NestInterceptor): void {
  const wanted = new Map<string, string>([
    ...Object.keys(REVEAL_ROUTES).map((p): [string, string] => [`POST ${p}`, p]),
    ...Object.keys(PII_READ_ROUTES).map((p): [string, string] => [`GET ${p}`, p]),
  ]);
  const found = new Set<string>();
  const scanner = new MetadataScanner();
  for (const m of modules.values()) {
    for (const wrapper of m.controllers.values()) {
      const Ctl = wrapper.metatype as Type | null;
      if (!Ctl?.prototype) continue;
      const proto = Ctl.prototype as Record<string, unknown>;
      for (const name of scanner.getAllMethodNames(proto)) {
        const handler = proto[name] as object;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method !== RequestMethod.GET && method !== RequestMethod.POST) continue;
        for (const base of asList(Reflect.getMetadata(PATH_METADATA, Ctl))) {
          for (const path of asList(Reflect.getMetadata(PATH_METADATA, handler))) {
            const route = `${method === RequestMethod.GET ? 'GET' : 'POST'} ${join(base, path)}`;
            if (!wanted.has(route)) continue;
            found.add(route);
            const own = (Reflect.getMetadata(INTERCEPTORS_METADATA, handler) as unknown[] | undefined) ?? [];
            if (!own.includes(interceptor)) Reflect.defineMetadata(INTERCEPTORS_METADATA, [interceptor, ...own], handler);
          }
        }
      }
    }
  }
  const missing = [...wanted.keys()].filter((r) => !found.has(r));
  if (missing.length) throw new Error(`Personal-data routes with no handler to audit: ${missing.join(', ')} (privacy/reveal-audit.ts)`);
}
