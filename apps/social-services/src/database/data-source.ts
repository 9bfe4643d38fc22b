import { DataSourceOptions } from 'typeorm';
import { serviceDataSourceOptions } from '@grid122/persistence';
import { SocialServicesEnv, loadSocialServicesEnv } from '../config/social-services.env';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export const dataSourceOptions = (env: SocialServicesEnv = loadSocialServicesEnv()): DataSourceOptions =>
  serviceDataSourceOptions({ app: 'social-services', url: env.DATABASE_URL, pool: env, entities: ENTITIES, migrations: MIGRATIONS });
