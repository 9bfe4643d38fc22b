import { createHash } from 'node:crypto';
import { DiscardPolicy, NatsConnection, nanos, RetentionPolicy, StorageType, StreamConfig, StreamSource } from 'nats';
import { jetStreamApiPrefix } from '@grid122/contracts';

/** One stream of another JetStream domain, read through the leaf connection (`$JS.<domain>.API`). */
export interface RemoteSource {
  /** the stream's name in its own domain */
  stream: string;
  /** the JetStream domain it lives in (a street's label, `district`, …) */
  domain: string;
  /** only these subjects cross (2.9 takes one filter per source) */
  filter: string;
}

export interface FederationStreamOptions {
  /** Days kept: the read models' inboxes make a replay harmless; keep it longer than any outage. */
  maxAgeDays?: number;
  replicas?: number;
}

const sourceOf = (s: RemoteSource): StreamSource =>
  ({ name: s.stream, filter_subject: s.filter, external: { api: jetStreamApiPrefix(s.domain), deliver: '' } }) as StreamSource;

const sourceKey = (s: Partial<StreamSource>): string => `${s.name}|${s.filter_subject ?? ''}|${s.external?.api ?? ''}`;

function baseConfig(name: string, opts: FederationStreamOptions): Partial<StreamConfig> {
  return {
    name,
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: nanos((opts.maxAgeDays ?? 400) * 24 * 3600 * 1000),
    duplicate_window: nanos(2 * 60 * 1000),
    num_replicas: opts.replicas ?? 1,
  };
}

/**
 * Creates (or brings up to date) a stream that only SOURCES from streams of other domains: the
 * district's stream of every street's incident events, a street's copy of its own tasks. A
 * source keeps its position in the stream's state, so after a broken link it resumes where it
 * stopped (nothing lost) and the copied Nats-Msg-Id keeps a re-sent message from being stored
 * twice within the duplicate window. Adding a street adds a source; existing ones are left as
 * they are (their positions survive the update).
 */
export async function ensureSourcedStream(nc: NatsConnection, name: string, sources: RemoteSource[], opts: FederationStreamOptions = {}): Promise<void> {
  const jsm = await nc.jetstreamManager();
  const wanted = sources.map(sourceOf);
  let current: StreamConfig | undefined;
  try {
    current = (await jsm.streams.info(name)).config;
  } catch {
    current = undefined;
  }
  if (!current) {
    try {
      await jsm.streams.add({ ...baseConfig(name, opts), sources: wanted });
      return;
    } catch (e) {
      // Another replica created it between our two calls: fall through to the update check.
      if (!/already in use|exists/i.test(String((e as Error).message))) throw e;
      current = (await jsm.streams.info(name)).config;
    }
  }
  const have = new Set((current.sources ?? []).map(sourceKey));
  const missing = wanted.filter((s) => !have.has(sourceKey(s)));
  if (missing.length === 0) return;
  await jsm.streams.update(name, { ...current, sources: [...(current.sources ?? []), ...missing] });
}

/** Creates a stream on its own subjects (the district's DISTRICT_TASKS on `fed.task.>`), idempotently. */
export async function ensureSubjectStream(nc: NatsConnection, name: string, subjects: string[], opts: FederationStreamOptions = {}): Promise<void> {
  const jsm = await nc.jetstreamManager();
  try {
    await jsm.streams.info(name);
    return;
  } catch {
    /* not there yet */
  }
  try {
    await jsm.streams.add({ ...baseConfig(name, opts), subjects });
  } catch (e) {
    if (!/already in use|exists/i.test(String((e as Error).message))) throw e;
  }
}

/** Where each source of a stream stands: how far behind it is and when its domain was last heard from. */
export interface SourceState {
  domain: string | null;
  stream: string;
  lag: number;
  /** milliseconds since the source was last active (-1 or null: never) */
  activeMs: number | null;
}

export async function sourceStates(nc: NatsConnection, name: string): Promise<SourceState[]> {
  const info = await (await nc.jetstreamManager()).streams.info(name);
  return (info.sources ?? []).map((s) => {
    const api = (s as unknown as { external?: { api?: string } }).external?.api ?? '';
    const m = /^\$JS\.(.+)\.API$/.exec(api);
    const active = Number(s.active);
    return { domain: m ? m[1] : null, stream: s.name, lag: Number(s.lag), activeMs: active >= 0 ? Math.round(active / 1e6) : null };
  });
}

/**
 * The origin nats-server writes on every sourced message (`Nats-Stream-Source: <stream>:<id> <seq> …`)
 * for a source in another domain: `<stream>:` and eight characters of the SHA-256 of its API
 * prefix (`$JS.<domain>.API`) in base 62, as nats-server's getHash does. With it a read model
 * knows through which member's link a message came, whatever the message says of itself.
 */
export function sourceOrigin(stream: string, domain: string): string {
  const digits = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const sum = createHash('sha256').update(jetStreamApiPrefix(domain)).digest();
  let id = '';
  for (let i = 0; i < 8; i++) id += digits[sum[i] % 62];
  return `${stream}:${id}`;
}

/** The origin of a sourced message (its `Nats-Stream-Source` header's first word), or null. */
export function originOf(header: string | undefined | null): string | null {
  const first = (header ?? '').trim().split(/\s+/)[0];
  return first ? first : null;
}
