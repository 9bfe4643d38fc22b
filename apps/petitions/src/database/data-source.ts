import { DataSourceOptions } from 'typeorm';
import { serviceDataSourceOptions } from '@grid122/persistence';
import { PetitionsEnv, loadPetitionsEnv } from '../config/petitions.env';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export const dataSourceOptions = (env: PetitionsEnv = loadPetitionsEnv()): DataSourceOptions =>
  serviceDataSourceOptions({ app: 'petitions', url: env.DATABASE_URL, pool: env, entities: ENTITIES, migrations: MIGRATIONS });
