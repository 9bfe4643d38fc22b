import { DataSourceOptions } from 'typeorm';
import { serviceDataSourceOptions } from '@grid122/persistence';
import { EnforcementEnv, loadEnforcementEnv } from '../config/enforcement.env';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export const dataSourceOptions = (env: EnforcementEnv = loadEnforcementEnv()): DataSourceOptions =>
  serviceDataSourceOptions({ app: 'enforcement', url: env.DATABASE_URL, pool: env, entities: ENTITIES, migrations: MIGRATIONS });
