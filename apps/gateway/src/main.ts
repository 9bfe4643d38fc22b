import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { runAppCli } from '@grid122/bootstrap';
import { loadGatewayEnv } from './config/gateway.env';
import { dataSourceOptions } from './database/data-source';
import { seedDemo } from './database/seed';
import { createGateway } from './gateway.bootstrap';

void runAppCli('gateway', {
  serve: async () => {
    const env = loadGatewayEnv();
    const app = await createGateway(env);
    await app.listen(env.PORT, env.HOST);
    return app;
  },
  dataSourceOptions: () => dataSourceOptions(),
  seed: async () => {
    const env = loadGatewayEnv();
    const ds = await new DataSource(dataSourceOptions(env)).initialize();
    try {
      await seedDemo(ds, env);
    } finally {
      await ds.destroy();
    }
  },
});
