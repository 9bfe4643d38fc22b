import { DomainEvent } from '@grid122/contracts';
import { SpanKind, SpanOptions, withSpan } from '@grid122/observability';
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
