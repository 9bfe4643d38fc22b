import { DataSourceOptions } from 'typeorm';
import { serviceDataSourceOptions } from '@grid122/persistence';
import { GridRegistryEnv, loadGridRegistryEnv } from '../config/grid-registry.env';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export const dataSourceOptions = (env: GridRegistryEnv = loadGridRegistryEnv()): DataSourceOptions =>
  serviceDataSourceOptions({ app: 'grid-registry', url: env.DATABASE_URL, pool: env, entities: ENTITIES, migrations: MIGRATIONS });
