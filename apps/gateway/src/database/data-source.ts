import { DataSourceOptions } from 'typeorm';
import { serviceDataSourceOptions } from '@grid122/persistence';
import { GatewayEnv, loadGatewayEnv } from '../config/gateway.env';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export const dataSourceOptions = (env: GatewayEnv = loadGatewayEnv()): DataSourceOptions =>
  serviceDataSourceOptions({ app: 'gateway', url: env.DATABASE_URL, pool: env, entities: ENTITIES, migrations: MIGRATIONS, outbox: false });
