import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CommonErrorCode, HealthCheck, healthSubject, SERVICES, ServiceName } from '@grid122/contracts';
import { AppError, NatsHolder, RpcClient } from '@grid122/messaging';
import { Metrics } from '@grid122/observability';
import { DataSource } from 'typeorm';
import { Public } from '../auth/auth.decorators';
import { GatewayEnv } from '../config/gateway.env';
import { EventFeed } from '../events/event-feed.service';

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
    private readonly feed: EventFeed,
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
    // The live feed's reader: its state only (public), reported, not judged (the feed restarts it).
    const liveFeed = this.nats.isUp() ? (await this.feed.health().catch(() => undefined))?.state : undefined;
    reply.status(allUp ? 200 : 503).send({ status: allUp ? 'up' : 'degraded', gateway, services, ...(liveFeed ? { liveFeed } : {}) });
  }

  @Public()
  @Get('health/live')
  live() {
    return { status: 'up' };
  }

  /** Prometheus metrics; behind METRICS_TOKEN when it is set. */
  @Public()
  @Get('metrics')
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() reply: { header(k: string, v: string): { send(b: string): void } }) {
    const token = this.env.METRICS_TOKEN;
    if (token && !sameSecret(authorization ?? '', `Bearer ${token}`)) {
      throw new AppError(CommonErrorCode.Unauthenticated, 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>', { field: 'authorization' });
    }
    reply.header('content-type', 'text/plain; version=0.0.4').send(await this.metrics.registry.metrics());
  }
}

/** Equal strings, compared in constant time (their digests, so lengths leak nothing either). */
function sameSecret(a: string, b: string): boolean {
  const d = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(d(a), d(b));
}
