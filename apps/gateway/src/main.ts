import 'reflect-metadata';
import { runAppCli } from '@grid122/bootstrap';
import { loadGatewayEnv } from './config/gateway.env';
import { dataSourceOptions } from './database/data-source';
import { createGateway } from './gateway.bootstrap';

void runAppCli('gateway', {
  serve: async () => {
    const env = loadGatewayEnv();
    const app = await createGateway(env);
    await app.listen(env.PORT, env.HOST);
    return app;
  },
  dataSourceOptions: () => dataSourceOptions(),
  // Demo accounts and the platform's API key are the identity service's seed.
  seed: async () => undefined,
});
