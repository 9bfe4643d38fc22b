import { NatsOptions, Transport } from '@nestjs/microservices';
import { natsConnectionOptions } from './nats-connection';

/**
 * The Nest NATS server of a service: subscribes in a queue group named after the service, so N
 * replicas share requests and exactly one answers each.
 */
export function natsServerOptions(app: string, natsUrl: string, auth?: { user?: string; password: string }): NatsOptions {
  const { servers, maxReconnectAttempts, reconnectTimeWait, waitOnFirstConnect, user, pass } = natsConnectionOptions(natsUrl, app, auth);
  return {
    transport: Transport.NATS,
    options: { servers, name: `${app}-server`, queue: app, maxReconnectAttempts, reconnectTimeWait, waitOnFirstConnect, ...(auth ? { user, pass } : {}) },
  };
}
