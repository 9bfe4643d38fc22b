import { Logger } from '@nestjs/common';
import { EVENT_STREAM, PHOTO_BUCKET } from '@grid122/contracts';
import { DiscardPolicy, JetStreamManager, NatsConnection, nanos, RetentionPolicy, StorageType, StreamConfig } from 'nats';
import { DEAD_LETTER_STREAM, deadLetterStreamConfig } from './inbox/dead-letters';

const logger = new Logger('JetStream');

export interface EventStreamOptions {
  /** How long events are kept (days). The inbox tables make redelivery harmless. */
  maxAgeDays?: number;
  replicas?: number;
  /** Upper bound of the event stream's size; the oldest events go first (they are in every inbox). */
  maxBytes?: number;
}

export function eventStreamConfig(opts: EventStreamOptions = {}): Partial<StreamConfig> & { name: string } {
  return {
    name: EVENT_STREAM,
    subjects: ['evt.>'],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: nanos((opts.maxAgeDays ?? 400) * 24 * 3600 * 1000),
    max_bytes: opts.maxBytes && opts.maxBytes > 0 ? opts.maxBytes : -1,
    duplicate_window: nanos(2 * 60 * 1000),
    num_replicas: opts.replicas ?? 1,
  };
}

/** The keys of `want` whose value differs in `have` (arrays compared by value). */
export function configDrift<T extends object>(want: Partial<T>, have: T): string[] {
  return (Object.keys(want) as (keyof T)[])
    .filter((k) => JSON.stringify(want[k]) !== JSON.stringify(have[k]))
    .map(String);
}

/**
 * Creates the stream, or updates it when its configuration differs from the declared one (a
 * changed size limit, replica count, retention age): the declaration in code is the truth.
 * An update the server refuses (e.g. three replicas on a single server) is logged, not fatal.
 */
export async function reconcileStream(jsm: JetStreamManager, config: Partial<StreamConfig> & { name: string }): Promise<'created' | 'updated' | 'unchanged'> {
  let have;
  try {
    have = await jsm.streams.info(config.name);
  } catch {
    try {
      await jsm.streams.add(config);
      return 'created';
    } catch (e) {
      // Another service created it between our two calls.
      if (!/already in use|exists/i.test(String((e as Error).message))) throw e;
      have = await jsm.streams.info(config.name);
    }
  }
  const drift = configDrift(config, have.config as StreamConfig);
  if (drift.length === 0) return 'unchanged';
  try {
    await jsm.streams.update(config.name, { ...have.config, ...config });
    logger.log(`stream ${config.name} updated (${drift.join(', ')})`);
    return 'updated';
  } catch (e) {
    logger.warn(`stream ${config.name} differs in ${drift.join(', ')} but the server refused the update: ${(e as Error).message}`);
    return 'unchanged';
  }
}

/** Creates or reconciles the event stream and the dead-letter stream; every service calls this at start-up. */
export async function ensureEventStream(nc: NatsConnection, opts: EventStreamOptions = {}): Promise<void> {
  const jsm = await nc.jetstreamManager();
  await reconcileStream(jsm, eventStreamConfig(opts));
  await reconcileStream(jsm, deadLetterStreamConfig({ replicas: opts.replicas }));
}

export interface PhotoBucketOptions {
  replicas?: number;
  /** Upper bound of the bucket (bytes; 0 or absent: none). A full bucket refuses new photos (never drops old ones). */
  maxBytes?: number;
}

/** Whether a put failed because the bucket (or stream) is at its size limit (`discard: new`). */
export const isStoreFull = (e: unknown): boolean => {
  const err = e as { message?: string; api_error?: { err_code?: number; description?: string }; chainedError?: unknown };
  // 10077 "maximum bytes exceeded" (the message itself is only "503"); 10047 "insufficient resources".
  if (err?.api_error?.err_code === 10077 || err?.api_error?.err_code === 10047) return true;
  return /maximum bytes|resources exceeded|insufficient resources/i.test(`${err?.message ?? e} ${err?.api_error?.description ?? ''} ${String(err?.chainedError ?? '')}`);
};

/** The stream under the photo bucket (an object store is the stream `OBJ_<bucket>`). */
export const PHOTO_BUCKET_STREAM = `OBJ_${PHOTO_BUCKET}`;

/**
 * Creates the photo bucket (the only copy of the photos: file storage, the declared replicas) or
 * reconciles its replicas and size limit with the declaration (#22 item 6). The gateway and the
 * office call it at start-up.
 */
export async function ensurePhotoBucket(nc: NatsConnection, opts: PhotoBucketOptions = {}): Promise<void> {
  const replicas = opts.replicas ?? 1;
  try {
    await nc.jetstream().views.os(PHOTO_BUCKET, { storage: StorageType.File, replicas });
  } catch (e) {
    // Another process created it between the library's look and its create.
    if (!/already in use|exists/i.test(String((e as Error).message))) throw e;
  }
  await reconcileStream(await nc.jetstreamManager(), { name: PHOTO_BUCKET_STREAM, num_replicas: replicas, max_bytes: opts.maxBytes && opts.maxBytes > 0 ? opts.maxBytes : -1 });
}

/** Presence of the streams every service needs, and the number of dead letters (for /health). */
export async function streamsHealth(nc: NatsConnection): Promise<{ streams: Record<string, 'up' | 'down'>; deadLetters: number }> {
  const jsm = await nc.jetstreamManager({ checkAPI: false });
  const [events, dead] = await Promise.all([EVENT_STREAM, DEAD_LETTER_STREAM].map((name) => jsm.streams.info(name).catch(() => undefined)));
  return {
    streams: { [EVENT_STREAM]: events ? 'up' : 'down', [DEAD_LETTER_STREAM]: dead ? 'up' : 'down' },
    deadLetters: dead?.state.messages ?? 0,
  };
}
