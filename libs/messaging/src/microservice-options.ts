import { NatsOptions, Transport } from '@nestjs/microservices';
import { natsConnectionOptions } from './nats-connection';

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
    options: { servers, name: `${app}-server`, queue: app, maxReconnectAttempts, reconnectTimeWait, waitOnFirstConnect, ...(auth ? { user, pass } : {}), gracefulShutdown: gracePeriodMs > 0, gracePeriod: gracePeriodMs },
  };
}
