import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, healthSubject, SERVICES, ServiceName } from '@grid122/contracts';
import { NatsHolder, RpcClient } from '@grid122/messaging';
import { Metrics } from '@grid122/observability';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';
import { GatewayEnv } from '../config/gateway.env';

type Status = 'up' | 'down';

@ApiTags('operations')
@Controller()
export class HealthHttpController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly env: GatewayEnv,
    private readonly ds: DataSource,
    private readonly nats: NatsHolder,
    private readonly metrics: Metrics,
  ) {}

  /** Every service asked over NATS in parallel, each with its own short timeout. */
  @Public()
  @Get('health')
  @ApiOkResponse({ description: '{ status, gateway, services: { office: "up" | "down", … } }' })
  async health(@Res() reply: { status(n: number): { send(b: unknown): void } }) {
    const answers = await Promise.all(
      SERVICES.map(async (s: ServiceName): Promise<[ServiceName, Status]> => {
        try {
          const h = await this.rpc.request<HealthCheck.Reply>(s, healthSubject(s), {}, { timeoutMs: this.env.HEALTH_TIMEOUT_MS });
          return [s, h.status];
        } catch {
          return [s, 'down'];
        }
      }),
    );
    const services = Object.fromEntries(answers) as Record<ServiceName, Status>;
    const db: Status = await this.ds.query('SELECT 1').then(() => 'up' as const, () => 'down' as const);
    const gateway = { database: db, nats: (this.nats.isUp() ? 'up' : 'down') as Status };
    const allUp = answers.every(([, st]) => st === 'up') && db === 'up' && gateway.nats === 'up';
    reply.status(allUp ? 200 : 503).send({ status: allUp ? 'up' : 'degraded', gateway, services });
  }

  @Public()
  @Get('health/live')
  live() {
    return { status: 'up' };
  }

  @Public()
  @Get('metrics')
  async scrape(@Res() reply: { header(k: string, v: string): { send(b: string): void } }) {
    reply.header('content-type', 'text/plain; version=0.0.4').send(await this.metrics.registry.metrics());
  }
}
