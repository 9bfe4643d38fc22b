import 'reflect-metadata';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { CommonErrorCode, HEADER_REQUEST_ID } from '@grid122/contracts';
import { createValidationPipe } from '@grid122/messaging';
import { activeSpan, createLogger, Metrics, PinoNestLogger } from '@grid122/observability';
import { randomUUID } from 'node:crypto';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { GatewayEnv } from './config/gateway.env';
import { serveOpenApi } from './docs/openapi';
import { HttpErrorFilter } from './errors/http-error.filter';
import { auditPersonalData, enterRequestContext, RevealAuditInterceptor } from './errors/http-context.interceptor';
import { RevealAudit } from './privacy/reveal-audit';
import { SHUTDOWN_RETRY_AFTER_S, ShutdownGate } from './health/shutdown-gate';
import { RateLimits } from './security/rate-limits';
import { HELMET_OPTIONS, recordHeaders } from './security/security-headers';
import { DataSource } from 'typeorm';


/** Bodies are bounded; uploads have their own limit in the multipart handler. */
export const BODY_LIMIT = 1_048_576;

/**
 * Builds the gateway on Fastify (measured ~8x less CPU per request than Express on this
 * machine, see docs/performance.md). Used by main.ts and by the e2e tests.
 */
export async function createGateway(env: GatewayEnv): Promise<NestFastifyApplication> {
  const logger = new PinoNestLogger(createLogger('gateway', env.LOG_LEVEL));
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers[HEADER_REQUEST_ID];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    trustProxy: env.trustProxy(),
    // While closing, the gateway answers 503 itself, with Retry-After (ShutdownGate below).
    return503OnClosing: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(env), adapter, { logger });
  const fastify = app.getHttpAdapter().getInstance();
  const metrics = app.get(Metrics);
  const gate = app.get(ShutdownGate);
  fastify.addHook('onRequest', (req, reply, done) => {
    reply.header(HEADER_REQUEST_ID, req.id);
    // Traced (docs/operations.md, "Traces"): the HTTP server span is named by the route, not the URL.
    const span = activeSpan();
    if (span) {
      const route = req.routeOptions?.url ?? 'unmatched';
      span.updateName(`${req.method} ${route}`);
      span.setAttributes({ 'http.route': route, 'grid122.request_id': req.id });
    }
    if (gate.draining) {
      reply
        .code(503)
        .header('retry-after', String(SHUTDOWN_RETRY_AFTER_S))
        .header('connection', 'close')
        .send({ statusCode: 503, code: CommonErrorCode.ServiceUnavailable, message: 'This gateway is restarting: retry in a moment' });
      return;
    }
    // The web page takes "today" and "this month" in this zone, not the browser's (apps/hub-web/src/dates.ts).
    reply.header('x-street-time-zone', env.STREET_TIME_ZONE);
    // The rest of the request runs in its context (request id, caller, Idempotency-Key): logs and every NATS hop carry it.
    enterRequestContext(req, done);
  });
  fastify.addHook('onResponse', (req, reply, done) => {
    metrics.httpDuration.observe(
      { method: req.method, route: req.routeOptions?.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
  // The one rate limiter (@fastify/rate-limit over gateway.rate_limits, shared by every replica).
  await RateLimits.register(fastify, app.get(DataSource));
  // The security headers (helmet's), recorded once at boot and replayed on each request (security-headers.ts).
  const securityHeaders = recordHeaders(helmet(HELMET_OPTIONS));
  fastify.addHook('onRequest', (req, reply, done) => {
    for (const [name, value] of securityHeaders) if (value === null) reply.raw.removeHeader(name); else reply.raw.setHeader(name, value);
    done();
  });
  // What it validates, it vouches for on the NATS hop of the same request (trusted-payload.ts): the service does not validate it again.
  app.useGlobalPipes(createValidationPipe({ rememberValidated: true }));
  app.useGlobalFilters(new HttpErrorFilter());
  // No global interceptor: the personal-data audit (RevealAudit) only on the routes it acts on; the context is the hook's above.
  auditPersonalData(app.get(ModulesContainer), new RevealAuditInterceptor(app.get(RevealAudit)));
  app.enableShutdownHooks();
  serveOpenApi(app);
  await app.init();
  await fastify.ready();
  return app;
}

