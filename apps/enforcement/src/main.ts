import 'reflect-metadata';
import { runServiceCli } from '@grid122/bootstrap';
import { AppModule } from './app.module';
import { loadEnforcementEnv } from './config/enforcement.env';
import { ENFORCEMENT_BLIND_INDEXES } from './database/blind-indexes';
import { dataSourceOptions } from './database/data-source';
import { seedDemo } from './database/seed';

void runServiceCli('enforcement', {
  env: loadEnforcementEnv,
  module: (env) => AppModule.forRoot(env),
  dataSourceOptions: () => dataSourceOptions(),
  blindIndexes: ENFORCEMENT_BLIND_INDEXES,
  seed: seedDemo,
});
