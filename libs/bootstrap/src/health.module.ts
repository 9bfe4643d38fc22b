import { Controller, DynamicModule, Get, Header, Module, Res } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { HealthCheck, healthSubject, ServiceName } from '@grid122/contracts';
import { NatsHolder } from '@grid122/messaging';
import { Metrics } from '@grid122/observability';
import { DataSource } from 'typeorm';

const started = Date.now();
const version = process.env.npm_package_version ?? '0.1.0';

async function check(ds: DataSource, nats: NatsHolder, service: string): Promise<HealthCheck.Reply> {
  const db = await Promise.race([
    ds.query('SELECT 1').then(() => 'up' as const),
    new Promise<'down'>((r) => setTimeout(() => r('down'), 1000)),
  ]).catch(() => 'down' as const);
  const natsUp = nats.isUp() ? 'up' : 'down';
  return {
    service,
    status: db === 'up' && natsUp === 'up' ? 'up' : 'down',
    checks: { database: db, nats: natsUp },
    version,
    uptimeSeconds: Math.round((Date.now() - started) / 1000),
  };
}

/**
 * Liveness/readiness over HTTP (`/health`, `/health/live`), Prometheus `/metrics`, and the NATS
 * health subject the gateway's /health asks.
 */
export function healthModuleFor(service: ServiceName): DynamicModule {
  @Controller()
  class HealthController {
    constructor(
      private readonly ds: DataSource,
      private readonly nats: NatsHolder,
      private readonly metrics: Metrics,
    ) {}

    @Get('health')
    async ready(@Res() reply: { status(n: number): { send(b: unknown): void } }) {
      const h = await check(this.ds, this.nats, service);
      reply.status(h.status === 'up' ? 200 : 503).send(h);
    }

    @Get('health/live')
    live() {
      return { status: 'up' };
    }

    @Get('metrics')
    @Header('content-type', 'text/plain; version=0.0.4')
    async scrape() {
      return this.metrics.registry.metrics();
    }

    @MessagePattern(healthSubject(service))
    rpc(): Promise<HealthCheck.Reply> {
      return check(this.ds, this.nats, service);
    }
  }
  @Module({ controllers: [HealthController] })
  class HealthModule {}
  return { module: HealthModule };
}
