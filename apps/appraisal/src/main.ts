import 'reflect-metadata';
import { runServiceCli } from '@grid122/bootstrap';
import { AppModule } from './app.module';
import { loadAppraisalEnv } from './config/appraisal.env';
import { dataSourceOptions } from './database/data-source';
import { seedDemo } from './database/seed';

void runServiceCli('appraisal', {
  env: loadAppraisalEnv,
  module: (env) => AppModule.forRoot(env),
  dataSourceOptions: () => dataSourceOptions(),
  seed: seedDemo,
});
