import 'reflect-metadata';
import { runServiceCli } from '@grid122/bootstrap';
import { AppModule } from './app.module';
import { loadPetitionsEnv } from './config/petitions.env';
import { PETITIONS_BLIND_INDEXES } from './database/blind-indexes';
import { dataSourceOptions } from './database/data-source';
import { seedDemo } from './database/seed';

void runServiceCli('petitions', {
  env: loadPetitionsEnv,
  module: (env) => AppModule.forRoot(env),
  dataSourceOptions: () => dataSourceOptions(),
  blindIndexes: PETITIONS_BLIND_INDEXES,
  seed: seedDemo,
});
