import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { bootstrapService, runAppCli } from '@grid122/bootstrap';
import { AppModule } from './app.module';
import { loadGridRegistryEnv } from './config/grid-registry.env';
import { REGISTRY_BLIND_INDEXES } from './database/blind-indexes';
import { dataSourceOptions } from './database/data-source';
import { seedDemo } from './database/seed';
import { seedMeetings } from './meeting/meeting.seed';

void runAppCli('grid-registry', {
  serve: async () => {
    const env = loadGridRegistryEnv();
    return bootstrapService({ app: 'grid-registry', module: AppModule.forRoot(env) as never, natsUrl: env.NATS_URL, port: env.PORT, host: env.HOST, logLevel: env.LOG_LEVEL });
  },
  dataSourceOptions: () => dataSourceOptions(),
  blindIndexes: REGISTRY_BLIND_INDEXES,
  seed: async () => {
    const ds = await new DataSource(dataSourceOptions()).initialize();
    try {
      await seedDemo(ds);
      // 督查 (issue 25): the demo street's supervision data, on its own (skipped once written).
      await seedMeetings(ds);
    } finally {
      await ds.destroy();
    }
  },
});
