/**
 * nats.js 2.x builds an error for every request that succeeds: `RequestOne.resolver` settles the
 * request's promise with the reply and then calls `cancel()`, which rejects the (already settled)
 * promise with a new `NatsError` (`CANCELLED`, its stack captured) — a rejection nobody can see, on
 * every RPC of every app; ~1.5 % of the gateway's CPU per intake report (docs/performance.md §17,
 * §20). 2.29.3 is the last 2.x release and still does it. On success the resolver here does what
 * the library's does, less that no-op: the timer cancelled, the promise resolved, the request
 * dropped from the connection's mux. An error (no responders, a timeout, a permission violation,
 * the connection closing) takes the library's own path, unchanged.
 *
 * Installed once per process when the messaging library loads (nats-connection.ts); left alone,
 * and the library's behaviour kept, if the resolver is not the one this was written against.
 */
interface RequestOneLike {
  timer?: { cancel(): void };
  deferred: { resolve(msg: unknown): void };
  mux: { cancel(r: unknown): void };
  resolver(err: Error | null, msg: unknown): void;
}

const INSTALLED = Symbol.for('grid122.nats-request-one');

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { RequestOne } = require('nats/lib/nats-base-client/request') as { RequestOne: { prototype: RequestOneLike & { [INSTALLED]?: boolean } } };

/** Whether a successful request now settles without the library's extra error (false: the library changed; left as it is). */
export function settleRequestsWithoutCancelError(): boolean {
  const proto = RequestOne.prototype;
  if (proto[INSTALLED]) return true;
  const original = proto.resolver;
  const source = String(original);
  if (!/this\.deferred\.resolve\(msg\)/.test(source) || !/this\.cancel\(\)/.test(source)) return false;
  proto.resolver = function (this: RequestOneLike, err: Error | null, msg: unknown) {
    if (err) return original.call(this, err, msg);
    this.timer?.cancel();
    this.deferred.resolve(msg);
    this.mux.cancel(this);
  };
  proto[INSTALLED] = true;
  return true;
}
