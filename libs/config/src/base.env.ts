import { Transform } from 'class-transformer';
import { DEFAULT_STREET_TIME_ZONE, isTimeZone } from '@grid122/calendar';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

const toBool = ({ value }: { value: unknown }) =>
  typeof value === 'boolean' ? value : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase());

/** Public, documented: only for demo, development and tests; production refuses it. */
export const DEMO_ACTOR_SIGNING_KEY = 'grid122-demo-actor-signing-key-not-secret';

/** Keys every app reads. Each app extends this in `apps/<app>/src/config/<app>.env.ts`. */
export class BaseEnv {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string = 'postgres://postgres@127.0.0.1:5432/grid122';

  @Matches(/^(nats|tls|ws):\/\/[^,]+(,(nats|tls|ws):\/\/[^,]+)*$/, { message: 'NATS_URL must be nats://host:port[,…]' })
  NATS_URL: string = 'nats://127.0.0.1:4222';

  /** HTTP port: the public API for the gateway, /health and /metrics for a service. 0 = any free port. */
  @IsInt()
  @Min(0)
  @Max(65535)
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

  /** HMAC key for exact-match lookups of protected data, kept apart from the encryption key. */
  @IsString()
  @MinLength(32)
  @IsOptional()
  PII_HASH_KEY?: string;

  /** JetStream replicas of the event stream: 1 on one machine, 3 on a NATS cluster (R3). */
  @IsInt()
  @Min(1)
  @Max(5)
  EVENT_STREAM_REPLICAS: number = 1;

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
  @IsInt()
  @Min(5)
  @Max(600)
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

  /** Per-request timeout for NATS request/reply, in ms. */
  @IsInt()
  @Min(50)
  @Max(60000)
  RPC_TIMEOUT_MS: number = 5000;

  /**
   * The street's time zone (IANA name): every day and month boundary, "today", date filter,
   * export stamp and notice month is the street's, whatever zone the process clock runs in.
   */
  @IsString()
  STREET_TIME_ZONE: string = DEFAULT_STREET_TIME_ZONE;

  /** Outside demo and test mode the PII keys must be given: no default secrets in production. */
  validateTogether(): string[] {
    const problems: string[] = [];
    if (!isTimeZone(this.STREET_TIME_ZONE)) problems.push(`STREET_TIME_ZONE: unknown time zone ${this.STREET_TIME_ZONE} (an IANA name such as Asia/Shanghai)`);
    if (!this.DEMO_MODE && this.NODE_ENV === 'production') {
      if (!this.PII_ENCRYPTION_KEY) problems.push('PII_ENCRYPTION_KEY: required outside demo mode');
      if (!this.PII_HASH_KEY) problems.push('PII_HASH_KEY: required outside demo mode');
      if (!this.ACTOR_SIGNING_KEY) problems.push('ACTOR_SIGNING_KEY: required outside demo mode');
      if (!this.NATS_PASSWORD) problems.push('NATS_PASSWORD: required outside demo mode (each app has its own NATS user)');
    }
    return problems;
  }

  /** The NATS credentials, when the server asks for them (the user defaults to the app's name). */
  natsCredentials(): { user?: string; password: string } | undefined {
    return this.NATS_PASSWORD ? { user: this.NATS_USER, password: this.NATS_PASSWORD } : undefined;
  }

  /** The actor signing keys actually used: demo/dev/test fall back to the documented, public demo key. */
  actorKeys(): { current: string; previous?: string; ttlSeconds: number } {
    return { current: this.ACTOR_SIGNING_KEY ?? DEMO_ACTOR_SIGNING_KEY, previous: this.ACTOR_SIGNING_KEY_PREVIOUS, ttlSeconds: this.ACTOR_TTL_SECONDS };
  }

  /** The key material actually used: demo/dev fall back to fixed, documented, non-secret keys. */
  piiKeys(): { encryption: string; hash: string } {
    return {
      encryption: this.PII_ENCRYPTION_KEY ?? 'grid122-demo-pii-encryption-key-not-secret',
      hash: this.PII_HASH_KEY ?? 'grid122-demo-pii-hash-key-not-secret-at-all',
    };
  }
}

export { toBool };
