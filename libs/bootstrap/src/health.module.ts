import { Controller, DynamicModule, Get, Header, Module, Optional, Res } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { HealthCheck, healthSubject, ServiceName } from '@grid122/contracts';
import { EventConsumers, NatsHolder, OutboxRelay, streamsHealth } from '@grid122/messaging';
import { Metrics } from '@grid122/observability';
import { DataSource } from 'typeorm';

const started = Date.now();
const version = process.env.npm_package_version ?? '0.1.0';

function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms)))])
    .catch(() => undefined)
    .finally(() => clearTimeout(timer));
}

/**
 * Up when Postgres and NATS answer, the streams exist and every durable consumer is running
 * (not stalled, stopped or gone). Lag and dead letters are reported, not judged: a backlog after
 * an outage is normal while it drains.
 */
async function check(ds: DataSource, nats: NatsHolder, consumers: EventConsumers, relay: OutboxRelay | undefined, service: string): Promise<HealthCheck.Reply> {
  const [db, jet, cons, outbox] = await Promise.all([
    within(ds.query('SELECT 1').then(() => 'up' as const), 800),
    nats.isUp() ? within(streamsHealth(nats.get()), 800) : undefined,
    nats.isUp() ? within(consumers.health(), 800) : undefined,
    relay ? within(relay.measure(), 800) : undefined,
  ]);
  const checks: Record<string, 'up' | 'down'> = {
    database: db ?? 'down',
    nats: nats.isUp() ? 'up' : 'down',
    streams: jet && Object.values(jet.streams).every((s) => s === 'up') ? 'up' : 'down',
    consumers: cons && Object.values(cons).every((c) => c.state === 'running') ? 'up' : 'down',
  };
  return {
    service,
    status: Object.values(checks).every((c) => c === 'up') ? 'up' : 'down',
    checks,
    version,
    uptimeSeconds: Math.round((Date.now() - started) / 1000),
    consumers: cons,
    streams: jet?.streams,
    deadLetters: jet?.deadLetters,
    outbox,
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
      private readonly consumers: EventConsumers,
      @Optional() private readonly relay?: OutboxRelay,
    ) {}

    @Get('health')
    async ready(@Res() reply: { status(n: number): { send(b: unknown): void } }) {
      const h = await check(this.ds, this.nats, this.consumers, this.relay, service);
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
      return check(this.ds, this.nats, this.consumers, this.relay, service);
    }
  }
  @Module({ controllers: [HealthController] })
  class HealthModule {}
  return { module: HealthModule };
}
