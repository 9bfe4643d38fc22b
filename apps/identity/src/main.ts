import 'reflect-metadata';
import { bootstrapService, runAppCli } from '@grid122/bootstrap';
import { AppModule } from './app.module';
import { loadIdentityEnv } from './config/identity.env';
import { dataSourceOptions } from './database/data-source';

void runAppCli('identity', {
  serve: async () => {
    const env = loadIdentityEnv();
    return bootstrapService({ app: 'identity', module: AppModule.forRoot(env) as never, natsUrl: env.NATS_URL, port: env.PORT, host: env.HOST, logLevel: env.LOG_LEVEL });
  },
  dataSourceOptions: () => dataSourceOptions(),
  // The audit log starts empty (or with the gateway's entries, moved by the migration).
  seed: async () => undefined,
});
