import { SUBJECT_PREFIX, ServiceName } from './services';

/** Every service answers `<prefix>.health.check` over NATS (the gateway's /health asks all). */
export const healthSubject = (service: ServiceName): string => `${SUBJECT_PREFIX[service]}.health.check`;

export namespace HealthCheck {
  export interface Reply {
    service: string;
    status: 'up' | 'down';
    checks: Record<string, 'up' | 'down'>;
    version: string;
    uptimeSeconds: number;
  }
}
