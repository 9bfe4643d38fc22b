import { AuditLog1795840000100 } from './1795840000100-AuditLog';
import { Accounts1795840000200 } from './1795840000200-Accounts';

/** Every migration of the identity service, in order (its own history in "identity".migrations). */
export const MIGRATIONS = [AuditLog1795840000100, Accounts1795840000200];
