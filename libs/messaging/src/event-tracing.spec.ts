import { trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { activeSpanContext, shutdownTracing, SpanContext, startTracing } from '@grid122/observability';
import { traceConsume, traceFlush } from './event-tracing';

/** The flush of a consumer's batch: the one event's trace continued, or the several events' linked. */
describe('traceFlush', () => {
  beforeAll(() => {
    // An endpoint nobody listens on: the spans are read in process, the export is never awaited.
    expect(startTracing('test', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' })).toBe(true);
  });
  afterAll(() => shutdownTracing().catch(() => undefined));

  const processed = async (n: number): Promise<SpanContext[]> => {
    const out: SpanContext[] = [];
    for (let i = 0; i < n; i += 1) {
      await traceConsume('appraisal', undefined, { id: `e${i}`, type: 'office.incident.reported' }, async () => void out.push(activeSpanContext()!));
    }
    return out;
  };
  const flushSpan = (events: SpanContext[]) => traceFlush('appraisal', events, async () => trace.getActiveSpan() as unknown as ReadableSpan);

  it("continues a batch of one event's trace: the flush (and its SQL) is a child of the event's process span", async () => {
    const [event] = await processed(1);
    const span = await flushSpan([event]);
    expect(span.name).toBe('flush appraisal');
    expect(span.spanContext().traceId).toBe(event.traceId);
    expect(span.parentSpanContext?.spanId).toBe(event.spanId);
    expect(span.links).toEqual([]);
  });

  it("links a batch of several events, each its own trace, and belongs to none of them", async () => {
    const events = await processed(3);
    expect(new Set(events.map((e) => e.traceId)).size).toBe(3);
    const span = await flushSpan(events);
    expect(span.links.map((l) => l.context.spanId)).toEqual(events.map((e) => e.spanId));
    expect(events.map((e) => e.traceId)).not.toContain(span.spanContext().traceId);
    expect(span.attributes['messaging.batch.message_count']).toBe(3);
  });
});
