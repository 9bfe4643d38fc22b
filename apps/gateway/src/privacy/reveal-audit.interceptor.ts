import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, catchError, from, mergeMap, of, throwError } from 'rxjs';
import { Actor, CommonErrorCode } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { AuditService } from '../audit/audit.service';

/**
 * The services' identity reveals (each audited in its own schema too) written to the gateway's
 * hash-chained audit log as `pii.reveal` before the answer leaves: if the entry cannot be written
 * the caller gets 503 AUDIT_UNAVAILABLE and not the identity. A refusal by the service is noted
 * `denied`. Route pattern → what is revealed (target prefix).
 */
export const REVEAL_ROUTES: Record<string, string> = {
  '/api/v1/petitions/:id/reveal': 'petitions.petition',
  '/api/v1/special-populations/:id/reveal': 'petitions.special_person',
  '/api/v1/floating-population/:id/reveal': 'petitions.floating_person',
  '/api/v1/disputes/:id/reveal': 'petitions.dispute',
  '/api/v1/care-recipients/:id/identity': 'social.care_recipient',
  '/api/v1/staff/:id/reveal-phone': 'registry.staff',
};

/**
 * Reads that show a person's data in clear to the roles with need (the others get it masked, and
 * nothing is written): each answer that shows it is a `pii.read` entry of the hash chain (target,
 * the fields shown, never the values), written before the answer leaves — 503 AUDIT_UNAVAILABLE and
 * nothing shown when it cannot be. GET route pattern → what is read and which fields a reply shows in clear.
 */
export const PII_READ_ROUTES: Record<string, { target: string; shown: (reply: unknown) => string[] }> = {
  // 综合执法: a case's subject (当事人: name, ID number, phone, representative) to those who serve notices on them
  '/api/v1/enforcement/cases/:id': { target: 'enforcement.case', shown: (r) => clearFields((r as { subject?: Record<string, unknown> | null })?.subject, 'subject', ['name', 'idNumber', 'phone', 'representative']) },
};

/** The personal fields a view shows in clear (`masked: false`), as `prefix.field`. */
function clearFields(view: Record<string, unknown> | null | undefined, prefix: string, fields: string[]): string[] {
  if (!view || view.masked !== false) return [];
  return fields.filter((f) => view[f] !== null && view[f] !== undefined).map((f) => `${prefix}.${f}`);
}

type AuditedRequest = { method: string; routeOptions?: { url?: string }; params?: { id?: string }; body?: { reason?: string }; actor?: Actor; ip?: string };

@Injectable()
export class RevealAuditInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditService) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<AuditedRequest>();
    if (req.method === 'GET') return this.read(req, next);
    const kind = req.method === 'POST' ? REVEAL_ROUTES[req.routeOptions?.url ?? ''] : undefined;
    if (!kind || !req.actor) return next.handle();
    const a = req.actor;
    const entry = { actorId: a.id, actorName: a.username, action: 'pii.reveal', target: `${kind}:${req.params?.id ?? ''}`, ip: req.ip ?? null, details: { reason: req.body?.reason ?? null } };
    return next.handle().pipe(
      mergeMap((reply) => from(this.audit.record({ ...entry, result: 'ok' }).then(() => reply))),
      catchError((e) => {
        if (e instanceof AppError && (e.code === CommonErrorCode.Forbidden || /NOT_ALLOWED$/.test(e.code))) {
          return from(this.audit.note({ ...entry, result: 'denied', details: { ...entry.details, code: e.code } })).pipe(mergeMap(() => throwError(() => e)));
        }
        return throwError(() => e);
      }),
    );
  }

  /** A personal-data read: audited only when the answer shows something in clear. */
  private read(req: AuditedRequest, next: CallHandler): Observable<unknown> {
    const route = PII_READ_ROUTES[req.routeOptions?.url ?? ''];
    const a = req.actor;
    if (!route || !a) return next.handle();
    return next.handle().pipe(
      mergeMap((reply) => {
        const fields = route.shown(reply);
        if (!fields.length) return of(reply);
        const entry = { actorId: a.id, actorName: a.username, action: 'pii.read', target: `${route.target}:${req.params?.id ?? ''}`, result: 'ok' as const, ip: req.ip ?? null, details: { fields } };
        return from(this.audit.record(entry).then(() => reply));
      }),
    );
  }
}
