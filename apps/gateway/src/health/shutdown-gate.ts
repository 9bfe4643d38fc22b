import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';

/** Seconds a client is told to wait (Retry-After) when it reaches a gateway that is shutting down. */
export const SHUTDOWN_RETRY_AFTER_S = 2;

/**
 * Set as the gateway begins to shut down (SIGTERM), before its HTTP server stops: from then on a
 * request that reaches it on a kept-alive connection is answered 503 SERVICE_UNAVAILABLE with
 * `Retry-After` (the documented answer of a rolling restart), while the requests already in hand
 * finish.
 */
@Injectable()
export class ShutdownGate implements BeforeApplicationShutdown {
  draining = false;

  beforeApplicationShutdown(): void {
    this.draining = true;
  }
}
