import 'reflect-metadata';
import { runServiceCli } from '@grid122/bootstrap';
import { AppModule } from './app.module';
import { loadGridRegistryEnv } from './config/grid-registry.env';
import { REGISTRY_BLIND_INDEXES } from './database/blind-indexes';
import { dataSourceOptions } from './database/data-source';
import { seedDemo } from './database/seed';
import { seedMeetings } from './meeting/meeting.seed';

void runServiceCli('grid-registry', {
  env: loadGridRegistryEnv,
  module: (env) => AppModule.forRoot(env),
  dataSourceOptions: () => dataSourceOptions(),
  blindIndexes: REGISTRY_BLIND_INDEXES,
  seed: async (ds) => {
    await seedDemo(ds);
    // 督查 (issue 25): the demo street's supervision data, on its own (skipped once written).
    await seedMeetings(ds);
  },
});
