import { DataSourceOptions } from 'typeorm';
import { serviceDataSourceOptions } from '@grid122/persistence';
import { IdentityEnv, loadIdentityEnv } from '../config/identity.env';
import { AccountEntity, ApiKeyEntity } from '../account/account.entity';
import { MIGRATIONS } from './migrations';

export const dataSourceOptions = (env: IdentityEnv = loadIdentityEnv()): DataSourceOptions =>
  serviceDataSourceOptions({ app: 'identity', url: env.DATABASE_URL, pool: env, entities: [AccountEntity, ApiKeyEntity], migrations: MIGRATIONS, outbox: false });
