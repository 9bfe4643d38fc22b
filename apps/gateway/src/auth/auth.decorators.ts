import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Actor, Role } from '@grid122/contracts';

export const IS_PUBLIC = 'grid122:public';
export const ROLES = 'grid122:roles';
export const ONLY_ROLES = 'grid122:only-roles';
export const API_KEY_ALLOWED = 'grid122:api-key';

/** No token needed (login, health, docs, the web page). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Only these roles (admin always passes). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);
/**
 * Only these roles, and the system admin does NOT pass: MLPS separation of duties (三员分立), e.g.
 * the audit log is the auditor's alone and security policy the security admin's alone.
 */
export const OnlyRoles = (...roles: Role[]) => SetMetadata(ONLY_ROLES, roles);
/**
 * Every role that may see business data: all but the separated administrators (三员分立), the
 * auditor (audit log only) and the security admin (locks only).
 */
export const BUSINESS_ROLES: Role[] = Object.values(Role).filter((r) => r !== Role.Auditor && r !== Role.SecurityAdmin);
/** Every authenticated role (e.g. "who am I"): an explicit choice, not a forgotten decorator. */
export const ANY_ROLE: Role[] = Object.values(Role);

/** A platform's API key (X-API-Key or `api_key`) is accepted here as well as a token. */
export const ApiKeyAllowed = () => SetMetadata(API_KEY_ALLOWED, true);

/** The authenticated caller (set by the auth guard). */
export const Caller = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => ctx.switchToHttp().getRequest().actor);
