import { currentTraceparent, injectTraceHeaders, startTracing, tracingConfigured, tracingEnabled, withSpan, SpanKind } from './tracing';

describe('tracing: off unless an OTLP endpoint is configured', () => {
  it('is configured by the standard OTEL_* names only', () => {
    expect(tracingConfigured({})).toBe(false);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' })).toBe(false);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' })).toBe(false);
  });

  it('without one loads no SDK, keeps no traceparent and sets no header', async () => {
    expect(startTracing('office', {})).toBe(false);
    expect(tracingEnabled()).toBe(false);
    expect(Object.keys(require.cache).some((k) => k.includes('@opentelemetry/sdk-trace'))).toBe(false);
    expect(currentTraceparent()).toBeNull();
    const set = jest.fn();
    injectTraceHeaders(set);
    expect(set).not.toHaveBeenCalled();
    await expect(withSpan('x', { kind: SpanKind.INTERNAL }, async (span) => span)).resolves.toBeUndefined();
  });
});
