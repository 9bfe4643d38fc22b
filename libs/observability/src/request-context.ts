import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** Request id (and actor id) carried across HTTP and NATS hops, for logs. */
export interface RequestContext {
  requestId: string;
  actorId?: string;
  /** A client's Idempotency-Key (creates and commands), forwarded on every NATS hop of the request. */
  idempotencyKey?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(ctx: RequestContext, fn: () => T): T {
    return storage.run(ctx, fn);
  },
  get(): RequestContext | undefined {
    return storage.getStore();
  },
  requestId(): string | undefined {
    return storage.getStore()?.requestId;
  },
  newId(): string {
    return randomUUID();
  },
};
