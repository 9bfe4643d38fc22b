import { DataSourceOptions } from 'typeorm';
import { serviceDataSourceOptions } from '@grid122/persistence';
import { FederationEnv, loadFederationEnv } from '../config/federation.env';
import { MIGRATIONS } from './migrations';

export const dataSourceOptions = (env: FederationEnv = loadFederationEnv()): DataSourceOptions =>
  serviceDataSourceOptions({ app: 'federation', url: env.DATABASE_URL, pool: env, entities: [], migrations: MIGRATIONS, outbox: false });
