import { Role } from '@grid122/contracts';

/**
 * Coarse role gates at the edge; the petitions service applies the fine rules (unit, scope,
 * first-inquiry ownership, identity reveals) whatever passes here.
 */
export const READ_ROLES = [Role.StreetCommander, Role.UnitMember, Role.DistrictViewer, Role.GridWorker, Role.CommunityStation];
export const MANAGE_ROLES = [Role.StreetCommander, Role.UnitMember];
export const GRID_WORK_ROLES = [Role.StreetCommander, Role.UnitMember, Role.GridWorker, Role.CommunityStation];
export const COMMAND_ROLES = [Role.StreetCommander];
export const AUDIT_ROLES = [Role.Auditor, Role.StreetCommander];
