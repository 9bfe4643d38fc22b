import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, catchError, from, mergeMap, throwError } from 'rxjs';
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
};

@Injectable()
export class RevealAuditInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditService) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<{ method: string; routeOptions?: { url?: string }; params?: { id?: string }; body?: { reason?: string }; actor?: Actor; ip?: string }>();
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
}
