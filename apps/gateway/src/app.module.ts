import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ObservabilityModule } from '@grid122/bootstrap';
import { MessagingModule } from '@grid122/messaging';
import { AuthModule } from './auth/auth.module';
import { GatewayEnv, loadGatewayEnv } from './config/gateway.env';
import { dataSourceOptions } from './database/data-source';
import { HealthModule } from './health/health.module';

/** The gateway's capabilities, as a table of contents: one module per unit of "122" it fronts. */
const capabilities: DynamicModule['imports'] = [AuthModule, HealthModule];

/** The command hub's edge: HTTP API, auth, aggregation, live feed and web page. */
@Module({})
export class AppModule {
  static forRoot(env: GatewayEnv = loadGatewayEnv()): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        ObservabilityModule.forRoot('gateway'),
        TypeOrmModule.forRoot(dataSourceOptions(env)),
        MessagingModule.forRoot({ app: 'gateway', natsUrl: env.NATS_URL, rpcTimeoutMs: env.RPC_TIMEOUT_MS, outbox: false }),
        ...(capabilities ?? []),
      ],
      providers: [{ provide: GatewayEnv, useValue: env }],
      exports: [GatewayEnv],
    };
  }
}
