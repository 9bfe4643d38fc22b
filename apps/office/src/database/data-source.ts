import { DataSourceOptions } from 'typeorm';
import { serviceDataSourceOptions } from '@grid122/persistence';
import { OfficeEnv, loadOfficeEnv } from '../config/office.env';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export const dataSourceOptions = (env: OfficeEnv = loadOfficeEnv()): DataSourceOptions =>
  serviceDataSourceOptions({ app: 'office', url: env.DATABASE_URL, pool: env, entities: ENTITIES, migrations: MIGRATIONS });
