// The keys' design types must be recorded whatever the importer loaded first: implicit conversion reads them (PORT='4000' → 4000).
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Transform } from 'class-transformer';
import { DEFAULT_STREET_TIME_ZONE, isTimeZone } from '@grid122/calendar';
import { keyFromPassphrase, LEGACY_KEY_ID, legacyHashKey, parsePiiKeys, PiiKeyring } from '@grid122/privacy';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MinLength } from 'class-validator';
import { IntSetting } from './settings';

// Reads the raw value (obj[key]): with implicit conversion `value` is already Boolean('false') === true.
const toBool = ({ value, obj, key }: { value: unknown; obj: Record<string, unknown>; key: string }) => {
  const raw = key in obj ? obj[key] : value;
  return typeof raw === 'boolean' ? raw : ['1', 'true', 'yes', 'on'].includes(String(raw).toLowerCase());
};

/** Public, documented: only for demo, development and tests; production refuses it. */
export const DEMO_ACTOR_SIGNING_KEY = 'grid122-demo-actor-signing-key-not-secret';

/** Keys every app reads. Each app extends this in `apps/<app>/src/config/<app>.env.ts`. */
export class BaseEnv {
  /** Production unless told otherwise: the safe mode is the default (secrets required, no demo). */
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'production';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string = 'postgres://postgres@127.0.0.1:5432/grid122';

  @Matches(/^(nats|tls|ws):\/\/[^,]+(,(nats|tls|ws):\/\/[^,]+)*$/, { message: 'NATS_URL must be nats://host:port[,…]' })
  NATS_URL: string = 'nats://127.0.0.1:4222';

  /** HTTP port: the public API for the gateway, /health and /metrics for a service. 0 = any free port. */
  @IntSetting(0, 65535)
  PORT: number = 0;

  @IsString()
  @IsOptional()
  HOST: string = '127.0.0.1';

  /** Demo mode: seeds demo data and allows the documented demo secrets. Never in production. */
  @Transform(toBool)
  @IsBoolean()
  DEMO_MODE: boolean = false;

  /** AES-256-GCM key material for protected personal data (phones, ID numbers). */
  @IsString()
  @MinLength(32)
  @IsOptional()
  PII_ENCRYPTION_KEY?: string;

  /**
   * This service's own encryption keys with their ids, `kid1:base64,kid2:base64` (32 bytes each,
   * `openssl rand -base64 32`): every key it may read; new values use `PII_ACTIVE_KEY_ID`. Each
   * service has its own (a petitions key does not open the office's rows). Rotation: add a key,
   * make it active, run `reencrypt-pii`, later drop the old one. `PII_ENCRYPTION_KEY`, when also
   * set, stays readable as key id `legacy` (values written before key ids).
   */
  @IsString()
  @IsOptional()
  PII_KEYS?: string;

  /** The key id of `PII_KEYS` new values are encrypted with (may be omitted when there is one key). */
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'PII_ACTIVE_KEY_ID must be a key id of PII_KEYS' })
  @IsOptional()
  PII_ACTIVE_KEY_ID?: string;

  /**
   * HMAC key for exact-match lookups of protected data, kept apart from the encryption key: the
   * legacy form, read as hash key id `legacy` (its hashes carry no key id). Still accepted alone;
   * beside `PII_HASH_KEYS` it stays readable until `reencrypt-pii` re-hashed every row.
   */
  @IsString()
  @MinLength(32)
  @IsOptional()
  PII_HASH_KEY?: string;

  /**
   * This service's own blind-index (HMAC) keys with their ids, `kid1:base64,kid2:base64` (32 bytes
   * each, `openssl rand -base64 32`), like `PII_KEYS`: new rows are hashed with
   * `PII_ACTIVE_HASH_KEY_ID`, lookups try every key until `reencrypt-pii` re-hashed the old rows.
   */
  @IsString()
  @IsOptional()
  PII_HASH_KEYS?: string;

  /** The key id of `PII_HASH_KEYS` new rows are hashed with (may be omitted when there is one key). */
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'PII_ACTIVE_HASH_KEY_ID must be a key id of PII_HASH_KEYS' })
  @IsOptional()
  PII_ACTIVE_HASH_KEY_ID?: string;

  /** JetStream replicas of the event stream: 1 on one machine, 3 on a NATS cluster (R3). */
  @IntSetting(1, 5)
  EVENT_STREAM_REPLICAS: number = 1;

  /** Size limit of the event stream in bytes (0 = none); when full the oldest events go (they are in every inbox and outbox). */
  @IntSetting(0)
  EVENT_STREAM_MAX_BYTES: number = 0;

  /** Size limit of the photo bucket in bytes (0 = none); when full new photos are refused (413), old ones are never dropped. */
  @IntSetting(0)
  PHOTO_BUCKET_MAX_BYTES: number = 0;

  /**
   * HMAC key that signs the caller (`x-actor`) of every NATS request; the same in the gateway and
   * every service of one street, never given to anything else. Required in production.
   */
  @IsString()
  @MinLength(32)
  @IsOptional()
  ACTOR_SIGNING_KEY?: string;

  /** The key before the current one, still accepted for verification while a rotation rolls out. */
  @IsString()
  @MinLength(32)
  @IsOptional()
  ACTOR_SIGNING_KEY_PREVIOUS?: string;

  /** Lifetime of one signed caller, seconds (a request and the calls it makes on the way). */
  @IntSetting(5, 600)
  ACTOR_TTL_SECONDS: number = 60;

  /** This app's NATS user (default: the app's name, e.g. `office`); the server's permissions are per user. */
  @IsString()
  @Matches(/^[a-z][a-z0-9_-]{0,63}$/, { message: 'NATS_USER must be a user name like office' })
  @IsOptional()
  NATS_USER?: string;

  /** This app's NATS password. Required in production (the server refuses a client without one). */
  @IsString()
  @MinLength(16)
  @IsOptional()
  NATS_PASSWORD?: string;

  /** Connections of this process's Postgres pool (docs/deployment.md: pods × pool < max_connections). */
  @IntSetting(1, 200)
  DB_POOL_SIZE: number = 10;

  /** How long to wait for a Postgres connection before the request fails (503). */
  @IntSetting(100, 120000)
  DB_CONNECT_TIMEOUT_MS: number = 5000;

  /** Longest statement (Postgres statement_timeout); migrations run without one. */
  @IntSetting(1000, 3600000)
  DB_STATEMENT_TIMEOUT_MS: number = 60000;

  /** A transaction left idle this long is ended by Postgres (idle_in_transaction_session_timeout), releasing its locks. */
  @IntSetting(1000, 3600000)
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: number = 60000;

  /** Per-request timeout for NATS request/reply, in ms. */
  @IntSetting(50, 60000)
  RPC_TIMEOUT_MS: number = 5000;

  /**
   * The street's time zone (IANA name): every day and month boundary, "today", date filter,
   * export stamp and notice month is the street's, whatever zone the process clock runs in.
   */
  @IsString()
  STREET_TIME_ZONE: string = DEFAULT_STREET_TIME_ZONE;

  /**
   * Fail closed (the default mode is production): in production every secret must be given and
   * must not be a published one (the demo defaults, the compose and example values), and DEMO_MODE
   * (demo accounts, demo secrets) is refused. Development and test fall back to the demo keys.
   */
  validateTogether(): string[] {
    const problems: string[] = [];
    if (!isTimeZone(this.STREET_TIME_ZONE)) problems.push(`STREET_TIME_ZONE: unknown time zone ${this.STREET_TIME_ZONE} (an IANA name such as Asia/Shanghai)`);
    problems.push(...this.piiKeyProblems());
    if (this.NODE_ENV !== 'production') return problems;
    if (this.DEMO_MODE) problems.push('DEMO_MODE: refused in production (demo accounts and public demo secrets); run the demo with NODE_ENV=development');
    const pii = this.holdsPersonalData();
    problems.push(
      ...requireSecrets(this, {
        ...(this.PII_KEYS || !pii ? {} : { PII_ENCRYPTION_KEY: 'protects residents\' phones and ID numbers (or this service\'s PII_KEYS with PII_ACTIVE_KEY_ID)' }),
        ...(this.PII_HASH_KEYS || !pii ? {} : { PII_HASH_KEY: 'keyed hash for lookups of protected data (or this service\'s PII_HASH_KEYS with PII_ACTIVE_HASH_KEY_ID)' }),
        ACTOR_SIGNING_KEY: 'signs the caller of every NATS request',
        NATS_PASSWORD: 'this app\'s own NATS user',
      }),
    );
    if (this.PII_KEYS && this.PII_ENCRYPTION_KEY && isPublicSecret(this.PII_ENCRYPTION_KEY)) problems.push('PII_ENCRYPTION_KEY: a published default, not a secret (still read as key id legacy beside PII_KEYS)');
    if (this.PII_HASH_KEYS && this.PII_HASH_KEY && isPublicSecret(this.PII_HASH_KEY)) problems.push('PII_HASH_KEY: a published default, not a secret (still read as hash key id legacy beside PII_HASH_KEYS)');
    if (this.ACTOR_SIGNING_KEY_PREVIOUS && isPublicSecret(this.ACTOR_SIGNING_KEY_PREVIOUS)) problems.push('ACTOR_SIGNING_KEY_PREVIOUS: a published default, not a secret');
    return problems;
  }

  /**
   * Whether this app keeps personal data (its own PII keys required in production): every service
   * of `PERSONAL_DATA_APPS`; the gateway, appraisal, federation and identity hold none and are given none.
   */
  holdsPersonalData(): boolean {
    return true;
  }

  /** The NATS credentials, when the server asks for them (the user defaults to the app's name). */
  natsCredentials(): { user?: string; password: string } | undefined {
    return this.NATS_PASSWORD ? { user: this.NATS_USER, password: this.NATS_PASSWORD } : undefined;
  }

  /** The actor signing keys actually used: demo/dev/test fall back to the documented, public demo key. */
  actorKeys(): { current: string; previous?: string; ttlSeconds: number } {
    return { current: this.ACTOR_SIGNING_KEY ?? DEMO_ACTOR_SIGNING_KEY, previous: this.ACTOR_SIGNING_KEY_PREVIOUS, ttlSeconds: this.ACTOR_TTL_SECONDS };
  }

  /**
   * This service's keyring: `PII_KEYS` (+ `PII_ENCRYPTION_KEY` as key id `legacy`), else
   * `PII_ENCRYPTION_KEY` alone (active, key id `legacy`), else (demo, development, test) a demo key
   * of the service's own, `demo-<service>`, with the old shared demo key still readable as `legacy`.
   */
  piiKeys(service: string): PiiKeyring {
    return { ...this.encryptionKeys(service), ...this.hashKeys(service) };
  }

  private encryptionKeys(service: string): Pick<PiiKeyring, 'keys' | 'activeKeyId'> {
    const legacy = keyFromPassphrase(this.PII_ENCRYPTION_KEY ?? DEMO_PII_ENCRYPTION_KEY);
    if (this.PII_KEYS) {
      const r = keyRing(this.PII_KEYS, this.PII_ACTIVE_KEY_ID, this.PII_ENCRYPTION_KEY ? legacy : undefined);
      return { keys: r.keys, activeKeyId: r.active };
    }
    if (this.PII_ENCRYPTION_KEY) return { keys: new Map([[LEGACY_KEY_ID, legacy]]), activeKeyId: LEGACY_KEY_ID };
    const kid = `demo-${service}`;
    return { keys: new Map([[LEGACY_KEY_ID, legacy], [kid, demoPiiKey(service)]]), activeKeyId: kid };
  }

  /**
   * The blind-index keys: `PII_HASH_KEYS` (+ `PII_HASH_KEY` as hash key id `legacy`), else
   * `PII_HASH_KEY` alone (key id `legacy`, as before hash key ids), else (demo, development, test)
   * the shared demo hash key as `legacy`: demo databases keep their lookups.
   */
  private hashKeys(_service: string): Pick<PiiKeyring, 'hashKeys' | 'activeHashKeyId'> {
    const legacy = legacyHashKey(this.PII_HASH_KEY ?? DEMO_PII_HASH_KEY);
    if (this.PII_HASH_KEYS) {
      const r = keyRing(this.PII_HASH_KEYS, this.PII_ACTIVE_HASH_KEY_ID, this.PII_HASH_KEY ? legacy : undefined);
      return { hashKeys: r.keys, activeHashKeyId: r.active };
    }
    return { hashKeys: new Map([[LEGACY_KEY_ID, legacy]]), activeHashKeyId: LEGACY_KEY_ID };
  }

  private piiKeyProblems(): string[] {
    return [
      ...this.ringProblems('PII_KEYS', this.PII_KEYS, 'PII_ACTIVE_KEY_ID', this.PII_ACTIVE_KEY_ID, 'encrypts new values'),
      ...this.ringProblems('PII_HASH_KEYS', this.PII_HASH_KEYS, 'PII_ACTIVE_HASH_KEY_ID', this.PII_ACTIVE_HASH_KEY_ID, 'hashes new rows'),
    ];
  }

  private ringProblems(name: string, spec: string | undefined, activeName: string, active: string | undefined, does: string): string[] {
    if (!spec) return active ? [`${activeName}: set without ${name}`] : [];
    let keys: Map<string, Buffer>;
    try {
      keys = parsePiiKeys(spec);
    } catch (e) {
      return [`${name}: ${(e as Error).message}`];
    }
    const problems: string[] = [];
    if (active && !keys.has(active)) problems.push(`${activeName}: ${active} is not a key id of ${name} (${[...keys.keys()].join(', ')})`);
    if (!active && keys.size > 1) problems.push(`${activeName}: required when ${name} holds more than one key (which one ${does})`);
    if (this.NODE_ENV === 'production') {
      const demo = new Set(DEMO_PII_SERVICES.map((s) => demoPiiKey(s).toString('hex')));
      for (const [kid, key] of keys) if (demo.has(key.toString('hex'))) problems.push(`${name}: key ${kid} is a published demo key, not a secret`);
    }
    return problems;
  }
}

/** A ring (`PII_KEYS`, `PII_HASH_KEYS`) with its active key id, the legacy single key (if any) readable beside it as `legacy`. */
function keyRing(spec: string, active: string | undefined, legacy: Buffer | undefined): { keys: Map<string, Buffer>; active: string } {
  const keys = parsePiiKeys(spec);
  const id = active ?? [...keys.keys()][0];
  if (legacy) keys.set(LEGACY_KEY_ID, legacy);
  return { keys, active: id };
}

/**
 * The apps that keep personal data, each under its own PII key ring and hash key ring (compose, the
 * Kubernetes manifests and `npm start` give each its own; deploy/test proves no two share one).
 */
export const PERSONAL_DATA_APPS = ['office', 'grid-registry', 'petitions', 'enforcement', 'social-services'] as const;

/** The variables of one app's key rings, and the per-app names a deployment keeps them under (`PII_KEYS_OFFICE`). */
export const PII_RING_VARIABLES = ['PII_KEYS', 'PII_ACTIVE_KEY_ID', 'PII_HASH_KEYS', 'PII_ACTIVE_HASH_KEY_ID'] as const;
export const perAppVariable = (variable: string, app: string): string => `${variable}_${app.toUpperCase().replace(/-/g, '_')}`;

/**
 * Fresh key rings for every app holding personal data, `{ office: { PII_KEYS, PII_ACTIVE_KEY_ID,
 * PII_HASH_KEYS, PII_ACTIVE_HASH_KEY_ID } … }`, each key 32 random bytes under key id `<kid>`:
 * `npm start` keeps them in `.run/pii-keys.json`.
 */
export function generatePiiKeyEnv(kid = 'k1'): Record<string, Record<(typeof PII_RING_VARIABLES)[number], string>> {
  return Object.fromEntries(
    PERSONAL_DATA_APPS.map((app) => [
      app,
      { PII_KEYS: `${kid}:${randomBytes(32).toString('base64')}`, PII_ACTIVE_KEY_ID: kid, PII_HASH_KEYS: `${kid}:${randomBytes(32).toString('base64')}`, PII_ACTIVE_HASH_KEY_ID: kid },
    ]),
  );
}

export const DEMO_PII_ENCRYPTION_KEY = 'grid122-demo-pii-encryption-key-not-secret';
export const DEMO_PII_HASH_KEY = 'grid122-demo-pii-hash-key-not-secret-at-all';

/** A service's own demo key (demo, development, test only; production refuses it). */
export const demoPiiKey = (service: string): Buffer => keyFromPassphrase(`${DEMO_PII_ENCRYPTION_KEY}:${service}`);
const DEMO_PII_SERVICES = ['gateway', 'office', 'grid-registry', 'petitions', 'enforcement', 'social-services', 'appraisal', 'federation'];

/**
 * Values published in this repository (code defaults, docker-compose, the Kubernetes secret example,
 * the docs): anyone can read them, so production refuses them as secrets.
 */
const PUBLISHED_SECRETS = new Set<string>([
  DEMO_ACTOR_SIGNING_KEY,
  DEMO_PII_ENCRYPTION_KEY,
  DEMO_PII_HASH_KEY,
  'grid122-demo-jwt-secret-not-for-production-use',
  'grid122-demo',
  'grid122-demo-key',
]);

/** A published value, or one of the repository's placeholder patterns (CHANGE-ME, demo-only-…, …-not-secret). */
export function isPublicSecret(value: string): boolean {
  return PUBLISHED_SECRETS.has(value) || /change-?me|^demo-only-|not-secret|not-for-production|^grid122-demo/i.test(value);
}

/** For production: each named secret present and not a published value. */
export function requireSecrets(env: object, secrets: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [key, what] of Object.entries(secrets)) {
    const v = (env as Record<string, unknown>)[key];
    if (typeof v !== 'string' || v === '') problems.push(`${key}: required in production (${what})`);
    else if (isPublicSecret(v)) problems.push(`${key}: a published default, not a secret (${what})`);
  }
  return problems;
}

export { toBool };
