import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { bootstrapService, runAppCli } from '@grid122/bootstrap';
import { AppModule } from './app.module';
import { loadAppraisalEnv } from './config/appraisal.env';
import { dataSourceOptions } from './database/data-source';
import { seedDemo } from './database/seed';

void runAppCli('appraisal', {
  serve: async () => {
    const env = loadAppraisalEnv();
    return bootstrapService({ app: 'appraisal', module: AppModule.forRoot(env) as never, natsUrl: env.NATS_URL, port: env.PORT, host: env.HOST, logLevel: env.LOG_LEVEL });
  },
  dataSourceOptions: () => dataSourceOptions(),
  seed: async () => {
    const ds = await new DataSource(dataSourceOptions()).initialize();
    try {
      await seedDemo(ds);
    } finally {
      await ds.destroy();
    }
  },
});
