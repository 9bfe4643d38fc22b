import { AccountEntity, ApiKeyEntity } from '../account/account.entity';
import { AuditEntryEntity } from '../audit/audit.entity';

export const ENTITIES: Function[] = [AccountEntity, ApiKeyEntity, AuditEntryEntity];
