import { Actor, PetitionsErrorCode, Role, Unit } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { isWithinScope } from '@grid122/access';

/**
 * Who may do what in the petitions & stability group. Every rule is checked here, in the
 * service, whatever the gateway already checked (the gateway is not the only caller).
 */
export const actorName = (a: Actor): string => a.displayName ?? a.username;

const isPetitionsMember = (a: Actor) => a.role === Role.UnitMember && a.unit === Unit.Petitions;

/** Roles that need identities for their work: they may reveal them (audited) and export. */
export const mayRevealIdentities = (a: Actor): boolean =>
  a.role === Role.Admin || a.role === Role.StreetCommander || isPetitionsMember(a);

/** Read the registers (masked): the group, the command, the district, grid workers on their grids, the community workstation (社区工作站) on its community. */
export const mayRead = (a: Actor): boolean =>
  mayRevealIdentities(a) || a.role === Role.DistrictViewer || a.role === Role.GridWorker || a.role === Role.CommunityStation;

/** Register and work petitions, receptions, special populations: the group and the command. */
export const mayManage = (a: Actor): boolean => mayRevealIdentities(a);

/** Field work on the grid: disputes (grid mediation), follow-up visits, floating population, acknowledging warnings. */
export const mayWorkOnGrid = (a: Actor): boolean => mayManage(a) || a.role === Role.GridWorker || a.role === Role.CommunityStation;

/**
 * Special-population categories (刑满释放, 社区矫正, 吸毒, 精神障碍 …) are sensitive personal data
 * (PIPL art. 28): shown to the roles that work the registers and visit the people — the petitions
 * group, the command, grid workers and the community workstation in their scope — and to nobody
 * else (the district's overview, the system admin): there a person's category reads `sensitive`
 * and a filter by category is refused. Counts by category stay (figures, no person).
 */
export const seesSensitiveCategories = (a: Actor): boolean =>
  a.role === Role.StreetCommander || isPetitionsMember(a) || a.role === Role.GridWorker || a.role === Role.CommunityStation;

/** What a person's category reads as for those who may not see it (as social services' events do). */
export const SENSITIVE_CATEGORY = 'sensitive';

export const mayCommand = (a: Actor): boolean => a.role === Role.Admin || a.role === Role.StreetCommander;

export const mayReadAudit = (a: Actor): boolean => a.role === Role.Admin || a.role === Role.Auditor || a.role === Role.StreetCommander;

export function ensure(allowed: boolean, what: string): void {
  if (!allowed) throw AppError.forbidden(`Your role may not ${what}`);
}

export function requireReveal(a: Actor): void {
  // The system admin operates the system and does not see who petitioned (三员分立).
  if (!mayRevealIdentities(a) || a.role === Role.Admin) {
    throw new AppError(PetitionsErrorCode.IdentityNotAllowed, 'Identities are shown only to the petitions group and the street command, through an audited reveal');
  }
}

/** A grid path the caller writes to must lie within their scope. */
export function requireInScope(a: Actor, gridPath: string, field = 'gridPath'): void {
  if (!isWithinScope(gridPath, a.scope)) {
    throw new AppError(PetitionsErrorCode.OutOfScope, `${field} ${gridPath} is outside your scope ${a.scope || '(all)'}`, { field });
  }
}

/** The subtree a query reads: the caller's scope narrowed by a requested root; '' = everything. */
export function readScope(a: Actor, root?: string | null): string {
  if (!root) return a.scope;
  if (isWithinScope(root, a.scope)) return root;
  if (isWithinScope(a.scope, root)) return a.scope;
  throw new AppError(PetitionsErrorCode.OutOfScope, `gridPath ${root} is outside your scope`, { field: 'gridPath' });
}
