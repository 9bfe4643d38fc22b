import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { bootstrapService, runAppCli } from '@grid122/bootstrap';
import { AppModule } from './app.module';
import { loadSocialServicesEnv } from './config/social-services.env';
import { SOCIAL_BLIND_INDEXES } from './database/blind-indexes';
import { dataSourceOptions } from './database/data-source';
import { seedDemo } from './database/seed';
import { protectPlainCategories, rehashCategoryIndex } from './recipients/recipient-categories';

void runAppCli('social-services', {
  serve: async () => {
    const env = loadSocialServicesEnv();
    return bootstrapService({ app: 'social-services', module: AppModule.forRoot(env) as never, natsUrl: env.NATS_URL, port: env.PORT, host: env.HOST, logLevel: env.LOG_LEVEL });
  },
  dataSourceOptions: () => dataSourceOptions(),
  blindIndexes: SOCIAL_BLIND_INDEXES,
  // care recipients' categories an older replica wrote in clear during the rolling update
  // (and their blind index re-hashed after a hash key rotation)
  protectPlain: async (ds, cipher) => [
    { table: 'care_recipients', column: 'categories', rewrapped: 0, unreadable: 0, encrypted: await protectPlainCategories(ds, cipher) },
    { table: 'care_recipients', column: 'category_index', rewrapped: 0, unreadable: 0, rehashed: await rehashCategoryIndex(ds, cipher) },
  ],
  seed: async () => {
    const ds = await new DataSource(dataSourceOptions()).initialize();
    try {
      await seedDemo(ds);
    } finally {
      await ds.destroy();
    }
  },
});
