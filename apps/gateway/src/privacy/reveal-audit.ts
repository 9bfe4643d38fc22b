import { CallHandler, Injectable } from '@nestjs/common';
import { Observable, catchError, from, mergeMap, of, throwError } from 'rxjs';
import { Actor, CommonErrorCode, PERSONAL_DATA_HEADER } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { AuditService } from '../audit/audit.service';

/**
 * The services' identity reveals (each audited in its own schema too) written to the gateway's
 * hash-chained audit log as `pii.reveal` before the answer leaves: if the entry cannot be written
 * the caller gets 503 AUDIT_UNAVAILABLE and not the identity. A refusal by the service is noted
 * `denied`. Route pattern → what is revealed (target prefix), and the fields the entry names with
 * the record's `code` from the answer where the route says so.
 */
export const REVEAL_ROUTES: Record<string, string | { target: string; fields: string[] }> = {
  '/api/v1/petitions/:id/reveal': 'petitions.petition',
  '/api/v1/special-populations/:id/reveal': 'petitions.special_person',
  '/api/v1/floating-population/:id/reveal': 'petitions.floating_person',
  '/api/v1/disputes/:id/reveal': 'petitions.dispute',
  '/api/v1/care-recipients/:id/identity': 'social.care_recipient',
  '/api/v1/staff/:id/reveal-phone': 'registry.staff',
  '/api/v1/incidents/:id/reveal-phone': { target: 'office.incident', fields: ['reporter.name', 'reporter.phone'] },
};

/**
 * Reads that show a person's data in clear to the roles with need (the others get it masked, and
 * nothing is written): each answer that shows it is a `pii.read` entry of the hash chain (target,
 * the fields shown, never the values), written before the answer leaves — 503 AUDIT_UNAVAILABLE and
 * nothing shown when it cannot be. GET route pattern → what is read and which fields a reply shows in clear.
 */
export const PII_READ_ROUTES: Record<string, { target: string; shown: (reply: unknown, res: ReadResponse) => string[] }> = {
  // 综合执法: a case's subject (当事人: name, ID number, phone, representative) to those who serve notices on them
  '/api/v1/enforcement/cases/:id': { target: 'enforcement.case', shown: (r) => clearFields((r as { subject?: Record<string, unknown> | null })?.subject, 'subject', ['name', 'idNumber', 'phone', 'representative']) },
  // the case ledger's workbook (执法案件台账): the subjects' names, as the service's answer named them (a file: read from its header)
  '/api/v1/enforcement/cases/export.xlsx': { target: 'enforcement.case_export', shown: (_r, res) => headerFields(res) },
};

/** The response as the read audit sees it (Fastify's reply). */
export interface ReadResponse {
  getHeader(name: string): unknown;
  removeHeader(name: string): unknown;
}

/** The personal fields a download shows in clear, as its route named them (`x-personal-data`). */
function headerFields(res: ReadResponse): string[] {
  const v = res.getHeader(PERSONAL_DATA_HEADER);
  return typeof v === 'string' && v ? v.split(',') : [];
}

/** The personal fields a view shows in clear (`masked: false`), as `prefix.field`. */
function clearFields(view: Record<string, unknown> | null | undefined, prefix: string, fields: string[]): string[] {
  if (!view || view.masked !== false) return [];
  return fields.filter((f) => view[f] !== null && view[f] !== undefined).map((f) => `${prefix}.${f}`);
}

export type AuditedRequest = { method: string; routeOptions?: { url?: string }; params?: { id?: string }; query?: Record<string, unknown>; body?: { reason?: string }; actor?: Actor; ip?: string };

/**
 * The reveal and read audit around an HTTP request's handler: an interceptor
 * (RevealAuditInterceptor) on exactly the routes above, put there at the gateway's start by
 * `auditPersonalData`, which refuses to start when one of them has no handler; every other route
 * runs with no interceptor layer at all (docs/performance.md §17, §20).
 */
@Injectable()
export class RevealAudit {
  constructor(private readonly audit: AuditService) {}

  /** `next.handle()` as it is for a route that reveals or reads nothing personal; else with its audit entry written before the answer leaves. */
  around(req: AuditedRequest, res: ReadResponse, next: CallHandler): Observable<unknown> {
    if (req.method === 'GET') return this.read(req, res, next);
    const route = req.method === 'POST' ? REVEAL_ROUTES[req.routeOptions?.url ?? ''] : undefined;
    if (!route || !req.actor) return next.handle();
    const { target, fields } = typeof route === 'string' ? { target: route, fields: undefined } : route;
    const a = req.actor;
    const entry = { actorId: a.id, actorName: a.username, action: 'pii.reveal', target: `${target}:${req.params?.id ?? ''}`, ip: req.ip ?? null, details: { ...(fields && { fields }), reason: req.body?.reason ?? null } };
    return next.handle().pipe(
      mergeMap((reply) => {
        const details = fields ? { ...entry.details, code: (reply as { code?: string }).code } : entry.details;
        return from(this.audit.record({ ...entry, details, result: 'ok' }).then(() => reply));
      }),
      catchError((e) => {
        if (e instanceof AppError && (e.code === CommonErrorCode.Forbidden || /NOT_ALLOWED$/.test(e.code))) {
          return from(this.audit.note({ ...entry, result: 'denied', details: { ...entry.details, code: e.code } })).pipe(mergeMap(() => throwError(() => e)));
        }
        return throwError(() => e);
      }),
    );
  }

  /** A personal-data read: audited only when the answer shows something in clear. */
  private read(req: AuditedRequest, res: ReadResponse, next: CallHandler): Observable<unknown> {
    const route = PII_READ_ROUTES[req.routeOptions?.url ?? ''];
    const a = req.actor;
    if (!route || !a) return next.handle();
    return next.handle().pipe(
      mergeMap((reply) => {
        const fields = route.shown(reply, res);
        if (!fields.length) return of(reply);
        const id = req.params?.id;
        // a list or a download: what was asked for (period, grid) names what was read
        const details = id ? { fields } : { fields, query: req.query ?? {} };
        const entry = { actorId: a.id, actorName: a.username, action: 'pii.read', target: id ? `${route.target}:${id}` : route.target, result: 'ok' as const, ip: req.ip ?? null, details };
        return from(
          this.audit.record(entry).then(
            () => reply,
            (e: unknown) => {
              // the error goes out as JSON, not as the file the route was about to send
              for (const h of ['content-disposition', 'content-type', PERSONAL_DATA_HEADER]) res.removeHeader(h);
              throw e;
            },
          ),
        );
      }),
    );
  }
}
