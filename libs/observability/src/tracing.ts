import { Attributes, context, Context, propagation, ROOT_CONTEXT, Span, SpanContext, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

/**
 * OpenTelemetry traces (链路追踪, #22 item 9), off unless an OTLP endpoint is configured.
 *
 * `startTracing(app)` loads the SDK (a tracer provider with the W3C trace-context propagator, an
 * OTLP/HTTP JSON exporter, the http and pg instrumentations) only when `OTEL_EXPORTER_OTLP_ENDPOINT`
 * or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is set (and neither `OTEL_SDK_DISABLED=true` nor
 * `OTEL_TRACES_EXPORTER=none`). Otherwise nothing of the SDK is required and every helper below
 * returns at its first line: no span objects, no header, no context switch.
 *
 * The helpers are what carries a trace across processes: a NATS request's or an event's headers
 * carry `traceparent` (and `tracestate`), and the outbox keeps the writer's `traceparent` with the
 * row so the relay can publish it later, from another transaction, as the message's header.
 */

let enabled = false;
let shutdown: (() => Promise<void>) | undefined;

/** A carrier's headers as the propagator reads them (NATS MsgHdrs, a plain record). */
export interface HeaderReader {
  get(key: string): string | undefined | null;
}

const getter = {
  get: (c: HeaderReader, key: string) => c.get(key) || undefined,
  keys: () => ['traceparent', 'tracestate'],
};

export function tracingConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  if (String(env.OTEL_SDK_DISABLED ?? '').toLowerCase() === 'true') return false;
  if (String(env.OTEL_TRACES_EXPORTER ?? '').toLowerCase() === 'none') return false;
  return !!(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** Whether this process records and exports spans. */
export function tracingEnabled(): boolean {
  return enabled;
}

/**
 * Starts tracing for `app` when configured (see above); call before the database driver is first
 * required (the CLI's `serve` does). Returns whether tracing is on.
 */
export function startTracing(app: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (enabled) return true;
  if (!tracingConfigured(env)) return false;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { resourceFromAttributes, detectResources, envDetector } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { registerInstrumentations } = require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  // The app's name unless OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES say otherwise.
  const resource = resourceFromAttributes({ 'service.name': app, 'service.namespace': 'grid122' }).merge(detectResources({ detectors: [envDetector] }));
  // Exporter and batch settings from the standard env (OTEL_EXPORTER_OTLP_*, OTEL_BSP_*); sampler
  // from OTEL_TRACES_SAMPLER (default: parent-based, always on).
  const provider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())] });
  provider.register();
  const quiet = /^\/(health|metrics)(\/|$|\?)/;
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      // Server spans of the gateway's API (and of a service's /health: not traced, probes only);
      // the exporter's own requests are never traced.
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => quiet.test(req.url ?? ''), disableOutgoingRequestInstrumentation: true }),
      // A query span only inside a trace (no root spans for the relay's poll or the pool's pings).
      new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
    ],
  });
  // `http` is already loaded by the web framework: a require after the hook is installed patches
  // its shared exports (the server's emit) before the first request arrives.
  require('node:http');
  require('http');
  /* eslint-enable @typescript-eslint/no-require-imports */
  enabled = true;
  shutdown = () => provider.shutdown();
  return true;
}

/** Exports what is buffered and stops (on shutdown; a no-op when tracing is off). */
export async function shutdownTracing(): Promise<void> {
  const s = shutdown;
  shutdown = undefined;
  enabled = false;
  if (s) await s().catch(() => undefined);
}

const tracer = () => trace.getTracer('grid122');

/** Sets `traceparent`/`tracestate` of the active span on a carrier (a NATS request's headers). */
export function injectTraceHeaders(set: (key: string, value: string) => void, ctx: Context = context.active()): void {
  if (!enabled) return;
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  for (const [k, v] of Object.entries(carrier)) set(k, v);
}

/** The active span's `traceparent` (kept with an outbox row), or null when there is none / tracing is off. */
export function currentTraceparent(): string | null {
  if (!enabled) return null;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ?? null;
}

/** A traceparent given as a plain value, as a header reader (an outbox row's). */
export const traceparentHeaders = (traceparent: string | null | undefined): HeaderReader => ({
  get: (k) => (k === 'traceparent' ? (traceparent ?? undefined) : undefined),
});

export interface SpanOptions {
  kind: SpanKind;
  attributes?: Attributes;
  /** The remote parent's headers (`traceparent`); else the active span is the parent. */
  parent?: HeaderReader;
  /** A local parent whose span may have ended (a batch's one event, continued at its flush). */
  within?: SpanContext;
  /** Spans this one works for without being their child (a batch's events: OpenTelemetry's links). */
  links?: SpanContext[];
}

export type { SpanContext };

/** The active span's context (to link to it or continue it later), or undefined when there is none / tracing is off. */
export function activeSpanContext(): SpanContext | undefined {
  return enabled ? trace.getSpanContext(context.active()) : undefined;
}

/**
 * A span around `fn` (async), active while it runs: the remote parent from `parent` when given.
 * Failures are recorded on the span and rethrown. When tracing is off, just `fn()`.
 */
export async function withSpan<T>(name: string, opts: SpanOptions, fn: (span?: Span) => Promise<T>): Promise<T> {
  if (!enabled) return fn();
  const { span, ctx } = startSpan(name, opts);
  try {
    return await context.with(ctx, () => fn(span));
  } catch (e) {
    failSpan(span, e);
    throw e;
  } finally {
    span.end();
  }
}

/** Starts a span (caller ends it) and the context it is active in; for callbacks that are not one promise (an Observable). */
export function startSpan(name: string, opts: SpanOptions): { span: Span; ctx: Context } {
  const parent = opts.within
    ? trace.setSpanContext(ROOT_CONTEXT, opts.within)
    : opts.parent
      ? propagation.extract(opts.parent.get('traceparent') ? ROOT_CONTEXT : context.active(), opts.parent, getter)
      : context.active();
  const span = tracer().startSpan(name, { kind: opts.kind, attributes: opts.attributes, links: opts.links?.map((c) => ({ context: c })) }, parent);
  return { span, ctx: trace.setSpan(parent, span) };
}

export function failSpan(span: Span, e: unknown): void {
  const err = e as { message?: string; code?: unknown; name?: string };
  span.recordException({ name: String(err?.code ?? err?.name ?? 'Error'), message: String(err?.message ?? e) });
  span.setStatus({ code: SpanStatusCode.ERROR, message: String(err?.message ?? e).slice(0, 500) });
}

/** Runs `fn` with `ctx` active (a span's context from startSpan); just `fn()` without one. */
export function runInContext<T>(ctx: Context | undefined, fn: () => T): T {
  return ctx ? context.with(ctx, fn) : fn();
}

/** The active span (the HTTP server span inside a gateway request), if tracing. */
export function activeSpan(): Span | undefined {
  return enabled ? trace.getActiveSpan() : undefined;
}

export { SpanKind };
