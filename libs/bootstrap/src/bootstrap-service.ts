import 'reflect-metadata';
import { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions } from '@nestjs/microservices';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppName, SCHEMA } from '@grid122/contracts';
import { DataSource } from 'typeorm';
import { ActorSigner, createValidationPipe, IdempotencyInterceptor, IdempotencyStore, MESSAGING_OPTIONS, MessagingOptions, natsServerOptions, RpcContextInterceptor, RpcErrorFilter } from '@grid122/messaging';
import { createLogger, Metrics, PinoNestLogger } from '@grid122/observability';

export interface ServiceBootOptions {
  app: AppName;
  module: Type<unknown>;
  natsUrl: string;
  port: number;
  host?: string;
  logLevel?: string;
  /** On SIGTERM, how long requests in hand get to answer after the service stops taking new ones (default 2 s). */
  shutdownGraceMs?: number;
}

/**
 * Boots a service as a hybrid Nest app: a NATS microservice (queue group = the app name) for its
 * commands and queries, and a small Fastify HTTP server for /health and /metrics. The
 * microservice inherits the global pipe, filter and interceptor (`inheritAppConfig`).
 */
export async function bootstrapService(opts: ServiceBootOptions): Promise<INestApplication> {
  const logger = new PinoNestLogger(createLogger(opts.app, opts.logLevel ?? 'info'));
  const app = await NestFactory.create<NestFastifyApplication>(opts.module, new FastifyAdapter({ bodyLimit: 1_048_576 }), {
    logger,
    bufferLogs: false,
  });
  const metrics = app.get(Metrics);
  app.useGlobalPipes(createValidationPipe({ onCheck: (outcome) => metrics.payloadChecks.inc({ outcome }) }));
  app.useGlobalFilters(new RpcErrorFilter());
  const idempotency = new IdempotencyStore(app.get(DataSource), SCHEMA[opts.app]);
  // One global interceptor: the caller is verified (and the context set) before, inside it, a command claims its Idempotency-Key.
  app.useGlobalInterceptors(new RpcContextInterceptor(metrics, app.get(ActorSigner), new IdempotencyInterceptor(idempotency)));
  setInterval(() => void idempotency.prune().catch(() => undefined), 3_600_000).unref();
  app.enableShutdownHooks();
  app.connectMicroservice<MicroserviceOptions>(natsServerOptions(opts.app, opts.natsUrl, app.get<MessagingOptions>(MESSAGING_OPTIONS).natsAuth, opts.shutdownGraceMs), { inheritAppConfig: true });
  await app.init();
  await app.startAllMicroservices();
  await app.listen(opts.port, opts.host ?? '127.0.0.1');
  return app;
}
