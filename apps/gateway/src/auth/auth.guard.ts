import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Actor, CommonErrorCode, Role } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { requestContext } from '@grid122/observability';
import { AuditService } from '../audit/audit.service';
import { RejectedTokenCounter } from '../audit/rejected-token-counter';
import { API_KEY_ALLOWED, IS_PUBLIC, ONLY_ROLES, ROLES } from './auth.decorators';
import { AuthService } from './auth.service';

/**
 * Global guard: 401 without a valid token (or API key where allowed), 403 outside the route's
 * roles (audited). Sets `request.actor`, which every controller passes on to the services.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly rejectedTokens: RejectedTokenCounter,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest();
    const actor = await this.authenticate(req, this.reflector.getAllAndOverride<boolean>(API_KEY_ALLOWED, targets)).catch(async (e) => {
      // A token that is not ours (bad signature, garbage) is an attack signal worth the audit row;
      // a missing or merely expired token is routine and is not written.
      if (e instanceof AppError && e.code === CommonErrorCode.Unauthenticated && e.message === 'Invalid token') {
        await this.rejectedTokens.rejected(req.ip, `${req.method} ${String(req.url).split('?')[0]}`);
      }
      throw e;
    });
    req.actor = actor;
    const store = requestContext.get();
    if (store) store.actorId = actor.id;
    const only = this.reflector.getAllAndOverride<Role[] | undefined>(ONLY_ROLES, targets);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    // A route that names no roles admits nobody (a forgotten decorator fails closed; route-roles.spec.ts finds it first).
    const refused = only ? !only.includes(actor.role) : !roles || (actor.role !== Role.Admin && !roles.includes(actor.role));
    if (refused) {
      await this.audit.note({ actorId: actor.id, actorName: actor.username, action: 'authz.denied', target: `${req.method} ${String(req.url).split('?')[0]}`, result: 'denied', ip: req.ip });
      throw new AppError(CommonErrorCode.Forbidden, `Role ${actor.role} may not do this`);
    }
    return true;
  }

  private async authenticate(req: { headers: Record<string, string | undefined>; query?: Record<string, unknown>; ip: string }, apiKeyAllowed: boolean): Promise<Actor> {
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) return this.auth.actorFromToken(header.slice(7).trim());
    if (apiKeyAllowed) {
      const key = req.headers['x-api-key'] ?? (typeof req.query?.api_key === 'string' ? req.query.api_key : undefined);
      if (key) return this.auth.actorFromApiKey(key, req.ip);
    }
    throw new AppError(CommonErrorCode.Unauthenticated, 'Log in first: a bearer token is required');
  }
}
