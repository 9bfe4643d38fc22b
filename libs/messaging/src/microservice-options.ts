import { Logger } from '@nestjs/common';
import { CommonErrorCode } from '@grid122/contracts';
import { NatsOptions, Transport } from '@nestjs/microservices';
import { NatsRequestJSONDeserializer } from '@nestjs/microservices/deserializers/nats-request-json.deserializer';
import { NatsRecordSerializer } from '@nestjs/microservices/serializers/nats-record.serializer';
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

/** NATS's default max_payload (1 MiB), which the suite's servers keep (deploy/k8s/nats/values.yaml). */
export const NATS_MAX_PAYLOAD = 1024 * 1024;

/**
 * Nest's NATS reply encoder, bounded: a reply larger than the server's max_payload cannot be sent,
 * and Nest's publish throws outside any handler — the whole service died of one oversized answer
 * (the registry, paging 5,000 polygons of a city to the office's grid index). Such a reply goes out
 * as an INTERNAL error naming its size instead, and is logged: the caller hears why at once
 * instead of waiting for its timeout, and the service lives on.
 */
export class BoundedReplySerializer extends NatsRecordSerializer {
  private readonly logger = new Logger('NatsReply');

  constructor(private readonly maxBytes = NATS_MAX_PAYLOAD) {
    super();
  }

  override serialize(packet: { id?: string; response?: unknown; err?: unknown; isDisposed?: boolean }) {
    const out = super.serialize(packet);
    // The headers travel in the same message; 4 KiB is a generous allowance for them.
    if ((out.data as Uint8Array).length + 4096 <= this.maxBytes) return out;
    const bytes = (out.data as Uint8Array).length;
    this.logger.error(`a reply of ${bytes} bytes exceeds NATS's max_payload (${this.maxBytes}): answered with an error instead`);
    return super.serialize({
      id: packet.id,
      isDisposed: true,
      err: { code: CommonErrorCode.Internal, message: `the reply (${bytes} bytes) is larger than a NATS message may be (${this.maxBytes})`, details: { reason: 'reply_too_large', bytes, maxBytes: this.maxBytes } },
    });
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
    options: { servers, name: `${app}-server`, queue: app, maxReconnectAttempts, reconnectTimeWait, waitOnFirstConnect, ...(auth ? { user, pass } : {}), gracefulShutdown: gracePeriodMs > 0, gracePeriod: gracePeriodMs, deserializer: new NatsRequestDecoder(), serializer: new BoundedReplySerializer() },
  };
}
