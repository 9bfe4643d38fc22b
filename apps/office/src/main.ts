import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { bootstrapService, runAppCli } from '@grid122/bootstrap';
import { AppModule } from './app.module';
import { loadOfficeEnv } from './config/office.env';
import { dataSourceOptions } from './database/data-source';
import { OFFICE_BLIND_INDEXES, protectOfficePlain } from './database/protect-plain';
import { seedDemo } from './database/seed';
import { seedDiarySupervision } from './diary-check/diary-check.seed';

void runAppCli('office', {
  serve: async () => {
    const env = loadOfficeEnv();
    return bootstrapService({ app: 'office', module: AppModule.forRoot(env) as never, natsUrl: env.NATS_URL, port: env.PORT, host: env.HOST, logLevel: env.LOG_LEVEL });
  },
  dataSourceOptions: () => dataSourceOptions(),
  blindIndexes: OFFICE_BLIND_INDEXES,
  protectPlain: protectOfficePlain,
  seed: async () => {
    const ds = await new DataSource(dataSourceOptions()).initialize();
    try {
      await seedDemo(ds);
      // 督查 (issue 25): the demo street's supervision data, on its own (skipped once written).
      await seedDiarySupervision(ds);
    } finally {
      await ds.destroy();
    }
  },
});
