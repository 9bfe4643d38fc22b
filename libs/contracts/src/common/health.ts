import { SUBJECT_PREFIX, ServiceName } from './services';

/** Every service answers `<prefix>.health.check` over NATS (the gateway's /health asks all). */
export const healthSubject = (service: ServiceName): string => `${SUBJECT_PREFIX[service]}.health.check`;

/** One durable event consumer as /health reports it (docs/operations.md, "Health"). */
export interface ConsumerHealth {
  consumer: string;
  /** running: taking events; stalled: work waiting and no progress for STALL_MS; stopped: its loop ended; missing: the durable is gone. */
  state: 'running' | 'stalled' | 'stopped' | 'missing';
  /** Events in the stream not yet delivered to it (its lag). */
  pending: number;
  /** Delivered, not yet acknowledged (in hand, or waiting for a retry). */
  ackPending: number;
  redelivered: number;
}

export namespace HealthCheck {
  export interface Reply {
    service: string;
    status: 'up' | 'down';
    checks: Record<string, 'up' | 'down'>;
    version: string;
    uptimeSeconds: number;
    /** Each durable consumer of the event stream, by durable name. */
    consumers?: Record<string, ConsumerHealth>;
    /** The JetStream streams the service needs: present (up) or gone (down). */
    streams?: Record<string, 'up' | 'down'>;
    /** Events parked in the dead-letter stream (all consumers). */
    deadLetters?: number;
    /** The service's outbox: rows waiting, rows parked, age of the oldest waiting row. */
    outbox?: { unpublished: number; parked: number; oldestUnpublishedSeconds: number };
  }
}
