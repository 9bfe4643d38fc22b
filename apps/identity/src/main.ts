import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { bootstrapService, runAppCli } from '@grid122/bootstrap';
import { AppModule } from './app.module';
import { loadIdentityEnv } from './config/identity.env';
import { dataSourceOptions } from './database/data-source';
import { seedDemo } from './database/seed';

void runAppCli('identity', {
  serve: async () => {
    const env = loadIdentityEnv();
    return bootstrapService({ app: 'identity', module: AppModule.forRoot(env) as never, natsUrl: env.NATS_URL, port: env.PORT, host: env.HOST, logLevel: env.LOG_LEVEL });
  },
  dataSourceOptions: () => dataSourceOptions(),
  // Demo accounts, one per role, and the district platform's API key (DEMO_MODE only).
  seed: async () => {
    const env = loadIdentityEnv();
    const ds = await new DataSource(dataSourceOptions(env)).initialize();
    try {
      await seedDemo(ds, env);
    } finally {
      await ds.destroy();
    }
  },
});
