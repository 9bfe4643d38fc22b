import 'reflect-metadata';
import { bootstrapService, runAppCli } from '@grid122/bootstrap';
import { AppModule } from './app.module';
import { loadFederationEnv } from './config/federation.env';
import { dataSourceOptions } from './database/data-source';

void runAppCli('federation', {
  serve: async () => {
    const env = loadFederationEnv();
    return bootstrapService({ app: 'federation', module: AppModule.forRoot(env) as never, natsUrl: env.NATS_URL, port: env.PORT, host: env.HOST, logLevel: env.LOG_LEVEL });
  },
  dataSourceOptions: () => dataSourceOptions(),
  // The read model is built from the sourced stream; there is no demo data of its own.
  seed: async () => undefined,
});
