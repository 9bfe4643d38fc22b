import { randomUUID } from 'node:crypto';
import { Actor, CommonErrorCode, HEADER_ACTOR, HEADER_IDEMPOTENCY_KEY, HEADER_REQUEST_ID, ReplyOf, RequestOf, RpcContract, serviceOfSubject } from '@grid122/contracts';
import { injectTraceHeaders, requestContext, SpanKind, withSpan } from '@grid122/observability';
import { ErrorCode as NatsErrorCode, headers as natsHeaders, JSONCodec, NatsConnection, NatsError } from 'nats';
import { ActorSigner } from './actor-signature';
import { AppError, isErrorBody } from './app-error';
import { payloadDigest, validatedFingerprint } from './trusted-payload';

const codec = JSONCodec<unknown>();
const utf8 = new TextEncoder();

export interface RpcCallOptions {
  actor?: Actor;
  timeoutMs?: number;
}

/**
 * Request/reply over the connection's muxed inbox (one subscription for all requests), speaking
 * Nest's NATS wire format (`{ pattern, data, id }` -> `{ response | err, isDisposed, id }`).
 * Always bounded by a timeout; "no responders" becomes SERVICE_UNAVAILABLE and a timeout
 * SERVICE_TIMEOUT, both naming the service, so the gateway answers 503/504 instead of hanging.
 */
export class RpcClient {
  constructor(
    private readonly nc: () => NatsConnection,
    private readonly defaultTimeoutMs: number,
    private readonly signer: ActorSigner,
  ) {}

  /**
   * The one typed call: the contract namespace gives the subject, the service that answers it
   * (by the subject's prefix) and the reply's type — `rpc.call(LocateGrid, { lng, lat }, actor)`.
   */
  call<C extends RpcContract>(contract: C, request: RequestOf<C>, actor?: Actor, opts: Omit<RpcCallOptions, 'actor'> = {}): Promise<ReplyOf<C>> {
    return this.request<ReplyOf<C>>(serviceOfSubject(contract.subject), contract.subject, request ?? {}, { ...opts, actor });
  }

  async request<TReply>(service: string, subject: string, data: unknown, opts: RpcCallOptions = {}): Promise<TReply> {
    const h = natsHeaders();
    const requestId = requestContext.requestId() ?? randomUUID();
    h.set(HEADER_REQUEST_ID, requestId);
    // Nest's wire format, serialised once: the bytes the marker's digest is taken over are those sent.
    const json = JSON.stringify(data);
    const bytes = utf8.encode(`{"pattern":${JSON.stringify(subject)}${json === undefined ? '' : `,"data":${json}`},"id":"${randomUUID()}"}`);
    if (opts.actor) {
      // The gateway validated exactly this payload in this request: the service need not again (trusted-payload.ts).
      const f = validatedFingerprint(json);
      h.set(HEADER_ACTOR, this.signer.sign(opts.actor, requestId, subject, Date.now(), f ? { f, d: payloadDigest(bytes) } : undefined));
    }
    const idempotencyKey = requestContext.get()?.idempotencyKey;
    if (idempotencyKey) h.set(HEADER_IDEMPOTENCY_KEY, idempotencyKey);
    const timeout = opts.timeoutMs ?? this.defaultTimeoutMs;
    const raw = await withSpan(subject, { kind: SpanKind.CLIENT, attributes: { 'rpc.system': 'nats', 'rpc.service': service, 'messaging.system': 'nats', 'messaging.destination.name': subject } }, async () => {
      // The trace goes with the request: the service continues it (RpcContextInterceptor).
      injectTraceHeaders((k, v) => h.set(k, v));
      try {
        return await this.nc().request(subject, bytes, { timeout, headers: h });
      } catch (e) {
        throw mapNatsError(e, service, subject, timeout);
      }
    });
    const packet = codec.decode(raw.data) as { response?: TReply; err?: unknown };
    if (packet.err !== undefined && packet.err !== null) {
      if (isErrorBody(packet.err)) throw AppError.fromBody(packet.err);
      throw new AppError(CommonErrorCode.Internal, `${service} failed to handle ${subject}`, { service });
    }
    return packet.response as TReply;
  }
}

export function mapNatsError(e: unknown, service: string, subject: string, timeout: number): AppError {
  const code = (e as NatsError)?.code;
  if (code === NatsErrorCode.NoResponders) {
    return new AppError(CommonErrorCode.ServiceUnavailable, `Service ${service} is unavailable`, { service, subject });
  }
  if (code === NatsErrorCode.Timeout) {
    return new AppError(CommonErrorCode.ServiceTimeout, `Service ${service} did not answer within ${timeout} ms`, { service, subject });
  }
  if (code === NatsErrorCode.Disconnect || code === NatsErrorCode.ConnectionClosed || code === NatsErrorCode.ConnectionDraining) {
    return new AppError(CommonErrorCode.ServiceUnavailable, `Messaging is unavailable; ${service} cannot be reached`, { service, subject });
  }
  return new AppError(CommonErrorCode.ServiceUnavailable, `Service ${service} could not be reached`, { service, subject, reason: String((e as Error)?.message ?? e) });
}
