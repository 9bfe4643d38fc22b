import { DataSourceOptions } from 'typeorm';
import { serviceDataSourceOptions } from '@grid122/persistence';
import { GatewayEnv, loadGatewayEnv } from '../config/gateway.env';
import { MIGRATIONS } from './migrations';

/** No TypeORM entities (as federation's): the gateway's two tables, rate windows and live-feed tickets, are read with SQL. */
export const dataSourceOptions = (env: GatewayEnv = loadGatewayEnv()): DataSourceOptions =>
  serviceDataSourceOptions({ app: 'gateway', url: env.DATABASE_URL, pool: env, entities: [], migrations: MIGRATIONS, outbox: false });
