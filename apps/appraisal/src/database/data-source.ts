import { DataSourceOptions } from 'typeorm';
import { serviceDataSourceOptions } from '@grid122/persistence';
import { AppraisalEnv, loadAppraisalEnv } from '../config/appraisal.env';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export const dataSourceOptions = (env: AppraisalEnv = loadAppraisalEnv()): DataSourceOptions =>
  serviceDataSourceOptions({ app: 'appraisal', url: env.DATABASE_URL, pool: env, entities: ENTITIES, migrations: MIGRATIONS });
