import { EVENT_STREAM } from '@grid122/contracts';
import { DiscardPolicy, NatsConnection, nanos, RetentionPolicy, StorageType } from 'nats';

export interface EventStreamOptions {
  /** How long events are kept (days). The inbox tables make redelivery harmless. */
  maxAgeDays?: number;
  replicas?: number;
}

/** Creates (or updates) the event stream; every service calls this at start-up, idempotently. */
export async function ensureEventStream(nc: NatsConnection, opts: EventStreamOptions = {}): Promise<void> {
  const jsm = await nc.jetstreamManager();
  const config = {
    name: EVENT_STREAM,
    subjects: ['evt.>'],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: nanos((opts.maxAgeDays ?? 400) * 24 * 3600 * 1000),
    duplicate_window: nanos(2 * 60 * 1000),
    num_replicas: opts.replicas ?? 1,
  };
  try {
    await jsm.streams.info(EVENT_STREAM);
  } catch {
    try {
      await jsm.streams.add(config);
    } catch (e) {
      // Another service created it between our two calls.
      if (!/already in use|exists/i.test(String((e as Error).message))) throw e;
    }
  }
}
