import { Init1795300000000 } from './1795300000000-Init';
import { SeparatedAdminRoles1795300200000 } from './1795300200000-SeparatedAdminRoles';
import { AuditLogNoTruncate1795300300000 } from './1795300300000-AuditLogNoTruncate';
import { RateLimits1795800000027 } from './1795800000027-RateLimits';
import { AccountsApiAuditChain1795810000020 } from './1795810000020-AccountsApiAuditChain';
import { CommunityStationRole1795820000025 } from './1795820000025-CommunityStationRole';
import { LoginLocksByAddress1795820000120 } from './1795820000120-LoginLocksByAddress';
import { StreamTickets1795820000220 } from './1795820000220-StreamTickets';
import { Sessions1795820000320 } from './1795820000320-Sessions';
import { FederationReadModel1795600000130 } from './1795600000130-FederationReadModel';
import { AuditLogMovedToIdentity1795840000110 } from './1795840000110-AuditLogMovedToIdentity';
import { AccountsMovedToIdentity1795840000210 } from './1795840000210-AccountsMovedToIdentity';

export const MIGRATIONS = [
  Init1795300000000,
  SeparatedAdminRoles1795300200000,
  AuditLogNoTruncate1795300300000,
  FederationReadModel1795600000130,
  RateLimits1795800000027,
  AccountsApiAuditChain1795810000020,
  CommunityStationRole1795820000025,
  LoginLocksByAddress1795820000120,
  StreamTickets1795820000220,
  Sessions1795820000320,
  AuditLogMovedToIdentity1795840000110,
  AccountsMovedToIdentity1795840000210,
];
