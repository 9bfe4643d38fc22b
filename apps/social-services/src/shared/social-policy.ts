import { Actor, CommonErrorCode, Role, Unit } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { isWithinScope } from '@grid122/access';

/**
 * Who may do what with the social services team's data. The gateway checks coarse roles per
 * route; these rules are the service's own and hold for any caller over NATS.
 */
export const SocialPolicy = {
  /** Reads: the hub, the district, grid workers, and the units that work with residents. */
  canRead(a: Actor): boolean {
    if (([Role.Admin, Role.StreetCommander, Role.DistrictViewer, Role.GridWorker] as readonly Role[]).includes(a.role)) return true;
    return a.role === Role.UnitMember && ([Unit.Social, Unit.Organisation, Unit.Petitions] as readonly Unit[]).includes(a.unit as Unit);
  },
  /** Registers, assigns, stocks the supermarket, configures: the social services team and the hub. */
  canManage(a: Actor): boolean {
    return a.role === Role.Admin || a.role === Role.StreetCommander || (a.role === Role.UnitMember && a.unit === Unit.Social);
  },
  /** Field work (requests, visits, deliveries): the managers plus grid workers on their grids. */
  canFieldWork(a: Actor): boolean {
    return SocialPolicy.canManage(a) || a.role === Role.GridWorker;
  },
  /** Residents' points (居民积分): the community workstation (社区工作站) records participation, and the social team. */
  canAwardResidentPoints(a: Actor): boolean {
    return SocialPolicy.canManage(a) || a.role === Role.CommunityStation;
  },
  /**
   * People in sensitive categories (mental illness): only the roles that follow them up — not the
   * system admin, who operates the system and sees no identity or sensitive category (三员分立).
   */
  seesSensitive(a: Actor): boolean {
    return a.role === Role.UnitMember && (a.unit === Unit.Social || a.unit === Unit.Petitions);
  },
  /** Unmasked ID numbers and phones, one audited read at a time: the social team only (never the system admin, 三员分立). */
  mayRevealIdentity(a: Actor): boolean {
    return a.role === Role.UnitMember && a.unit === Unit.Social;
  },
  /** Full names: everyone who reads except the district's overview. */
  seesNames(a: Actor): boolean {
    return a.role !== Role.DistrictViewer;
  },
};

export function requireRead(a: Actor): void {
  if (!SocialPolicy.canRead(a)) throw AppError.forbidden('This account cannot read social services data');
}
export function requireManage(a: Actor): void {
  if (!SocialPolicy.canManage(a)) throw AppError.forbidden('Only the social services team or the command centre may do this');
}
export function requireFieldWork(a: Actor): void {
  if (!SocialPolicy.canFieldWork(a)) throw AppError.forbidden('Only social services staff, the command centre or grid workers may do this');
}
/** A write must land inside the caller's grid subtree. */
export function requireInScope(a: Actor, gridPath: string | null | undefined): void {
  if (!isWithinScope(gridPath, a.scope)) throw new AppError(CommonErrorCode.Forbidden, `Grid ${gridPath} is outside your scope ${a.scope}`, { gridPath });
}
export function requireAwardResidentPoints(a: Actor): void {
  if (!SocialPolicy.canAwardResidentPoints(a)) throw AppError.forbidden('Only the community workstation or the social services team may record residents\' points');
}
