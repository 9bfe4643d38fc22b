import { AccountEntity, ApiKeyEntity } from '../account/account.entity';

export const ENTITIES: Function[] = [AccountEntity, ApiKeyEntity];
