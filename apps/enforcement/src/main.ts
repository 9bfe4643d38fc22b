import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { bootstrapService, runAppCli } from '@grid122/bootstrap';
import { AppModule } from './app.module';
import { loadEnforcementEnv } from './config/enforcement.env';
import { ENFORCEMENT_BLIND_INDEXES } from './database/blind-indexes';
import { dataSourceOptions } from './database/data-source';
import { seedDemo } from './database/seed';

void runAppCli('enforcement', {
  serve: async () => {
    const env = loadEnforcementEnv();
    return bootstrapService({ app: 'enforcement', module: AppModule.forRoot(env) as never, natsUrl: env.NATS_URL, port: env.PORT, host: env.HOST, logLevel: env.LOG_LEVEL });
  },
  dataSourceOptions: () => dataSourceOptions(),
  blindIndexes: ENFORCEMENT_BLIND_INDEXES,
  seed: async () => {
    const ds = await new DataSource(dataSourceOptions()).initialize();
    try {
      await seedDemo(ds);
    } finally {
      await ds.destroy();
    }
  },
});
