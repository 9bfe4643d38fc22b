import { DomainEvent } from '@grid122/contracts';
import { SpanContext, SpanKind, SpanOptions, withSpan } from '@grid122/observability';
import { MsgHdrs } from 'nats';

/**
 * The span of one event's handling by a consumer (`process <type>`), continuing the trace its
 * message carries (`traceparent`, set by the outbox relay from the writer's request). Off (just
 * `fn()`) when tracing is.
 */
export function traceConsume<T>(consumer: string, headers: MsgHdrs | undefined, event: Pick<DomainEvent, 'id' | 'type'>, fn: () => Promise<T>): Promise<T> {
  const opts: SpanOptions = {
    kind: SpanKind.CONSUMER,
    parent: { get: (k) => headers?.get(k) },
    attributes: { 'messaging.system': 'nats', 'messaging.operation.type': 'process', 'messaging.consumer.group.name': consumer, 'messaging.message.id': event.id, 'grid122.event.type': event.type },
  };
  return withSpan(`process ${event.type}`, opts, fn);
}

/**
 * The span of a batch's flush (`flush <consumer>`: the statements a consumer writes for all the
 * events it noted, e.g. appraisal's facts): a child of the event's `process` span when the batch
 * is one event, so its trace still shows the consumer's SQL; for several events, a span of its own
 * linked to each event's `process` span (OpenTelemetry's links: the work serves them all, no one
 * trace owns it).
 */
export function traceFlush<T>(consumer: string, events: SpanContext[], fn: () => Promise<T>): Promise<T> {
  const opts: SpanOptions = {
    kind: SpanKind.INTERNAL,
    ...(events.length === 1 ? { within: events[0] } : { links: events }),
    attributes: { 'messaging.system': 'nats', 'messaging.consumer.group.name': consumer, 'messaging.batch.message_count': events.length },
  };
  return withSpan(`flush ${consumer}`, opts, fn);
}
