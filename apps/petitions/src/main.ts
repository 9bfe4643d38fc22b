import 'reflect-metadata';
import { runServiceCli } from '@grid122/bootstrap';
import { AppModule } from './app.module';
import { loadPetitionsEnv } from './config/petitions.env';
import { PETITIONS_BLIND_INDEXES } from './database/blind-indexes';
import { dataSourceOptions } from './database/data-source';
import { protectPlainSpecialCategories } from './population/special-categories';
import { seedDemo } from './database/seed';

void runServiceCli('petitions', {
  env: loadPetitionsEnv,
  module: (env) => AppModule.forRoot(env),
  dataSourceOptions: () => dataSourceOptions(),
  blindIndexes: PETITIONS_BLIND_INDEXES,
  // special people's registers an older replica wrote in clear during the rolling update
  protectPlain: async (ds, cipher) => [{ table: 'special_people', column: 'category', rewrapped: 0, unreadable: 0, encrypted: await protectPlainSpecialCategories(ds, cipher) }],
  seed: seedDemo,
});
