import { connect, ConnectionOptions, NatsConnection } from 'nats';
import { settleRequestsWithoutCancelError } from './nats-request-one';

// Every app's requests (the gateway's RPCs, a service's calls to another) settle without a thrown-away error.
settleRequestsWithoutCancelError();

/**
 * Connection options for every NATS connection of the suite: never give up reconnecting (the
 * client's default stops after 10 tries), wait for the server on first connect, and skip the
 * per-request async stack traces (~50% more request/reply throughput).
 */
export function natsConnectionOptions(servers: string, name: string, auth?: { user?: string; password: string }): ConnectionOptions {
  return {
    ...(auth ? { user: auth.user ?? name, pass: auth.password } : {}),
    servers: servers.split(',').map((s) => s.trim()),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: true,
    noAsyncTraces: true,
    pingInterval: 10_000,
  };
}

export async function connectNats(servers: string, name: string, auth?: { user?: string; password: string }): Promise<NatsConnection> {
  return connect(natsConnectionOptions(servers, name, auth));
}
