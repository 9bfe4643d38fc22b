import { NatsOptions, Transport } from '@nestjs/microservices';
import { NatsRequestJSONDeserializer } from '@nestjs/microservices/deserializers/nats-request-json.deserializer';
import { natsConnectionOptions } from './nats-connection';
import { rememberRawPayload } from './rpc/trusted-payload';

/**
 * Nest's NATS request decoder, which also keeps the bytes each payload object was decoded from:
 * a signed marker vouches for those bytes (trusted-payload.ts), so the payload the handler gets is
 * the one that was hashed. Node never reuses a socket read's buffer, so the bytes stay as received.
 */
class NatsRequestDecoder extends NatsRequestJSONDeserializer {
  override deserialize(value: Uint8Array, options?: Record<string, unknown>) {
    const packet = super.deserialize(value, options);
    rememberRawPayload((packet as { data?: unknown })?.data, value);
    return packet;
  }
}

/**
 * The Nest NATS server of a service: subscribes in a queue group named after the service, so N
 * replicas share requests and exactly one answers each. On shutdown it first unsubscribes (new
 * requests go to the other replicas) and gives the requests in hand `gracePeriodMs` to answer
 * before the connection closes (a rolling restart answers no 504).
 */
export function natsServerOptions(app: string, natsUrl: string, auth?: { user?: string; password: string }, gracePeriodMs = 2000): NatsOptions {
  const { servers, maxReconnectAttempts, reconnectTimeWait, waitOnFirstConnect, user, pass } = natsConnectionOptions(natsUrl, app, auth);
  return {
    transport: Transport.NATS,
    options: { servers, name: `${app}-server`, queue: app, maxReconnectAttempts, reconnectTimeWait, waitOnFirstConnect, ...(auth ? { user, pass } : {}), gracefulShutdown: gracePeriodMs > 0, gracePeriod: gracePeriodMs, deserializer: new NatsRequestDecoder() },
  };
}
