import 'reflect-metadata';
import { runServiceCli } from '@grid122/bootstrap';
import { AppModule } from './app.module';
import { loadSocialServicesEnv } from './config/social-services.env';
import { SOCIAL_BLIND_INDEXES } from './database/blind-indexes';
import { dataSourceOptions } from './database/data-source';
import { seedDemo } from './database/seed';
import { protectPlainCategories, rehashCategoryIndex } from './recipients/recipient-categories';

void runServiceCli('social-services', {
  env: loadSocialServicesEnv,
  module: (env) => AppModule.forRoot(env),
  dataSourceOptions: () => dataSourceOptions(),
  blindIndexes: SOCIAL_BLIND_INDEXES,
  // care recipients' categories an older replica wrote in clear during the rolling update
  // (and their blind index re-hashed after a hash key rotation)
  protectPlain: async (ds, cipher) => [
    { table: 'care_recipients', column: 'categories', rewrapped: 0, unreadable: 0, encrypted: await protectPlainCategories(ds, cipher) },
    { table: 'care_recipients', column: 'category_index', rewrapped: 0, unreadable: 0, rehashed: await rehashCategoryIndex(ds, cipher) },
  ],
  seed: seedDemo,
});
