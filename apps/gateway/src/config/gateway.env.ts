import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches, MinLength } from 'class-validator';
import { BaseEnv, IntSetting, loadConfig, requireSecrets, toBool } from '@grid122/config';

/** Configuration of the gateway, validated at boot. */
export class GatewayEnv extends BaseEnv {
  /** Keeps no personal data: no PII keys are given to it or required (PERSONAL_DATA_APPS). */
  override holdsPersonalData(): boolean {
    return false;
  }

  override PORT: number = 3000;

  /** HMAC secret for access tokens. Required in production (a published value is refused). */
  @IsString()
  @MinLength(32)
  @IsOptional()
  JWT_SECRET?: string;

  @IntSetting(60, 7 * 24 * 3600)
  JWT_TTL_SECONDS: number = 8 * 3600;

  /**
   * `GET /metrics` answers only `Authorization: Bearer <this>` (Prometheus'
   * `authorization.credentials`): the gateway's port is public, its metrics need not be. Required
   * in production; in development and test an unset token leaves /metrics open.
   */
  @IsString()
  @MinLength(16)
  @IsOptional()
  METRICS_TOKEN?: string;

  /** Each service's own timeout in the /health fan-out. */
  @IntSetting(50, 10000)
  HEALTH_TIMEOUT_MS: number = 1000;

  /** Failed logins one address may make per window before it is refused (429), across all accounts. */
  @IntSetting(3)
  LOGIN_IP_MAX_FAILURES: number = 20;

  @IntSetting(10)
  LOGIN_IP_WINDOW_SECONDS: number = 15 * 60;

  /** Repeated rejected tokens from one address on one route are counted and written once per window. */
  @IntSetting(1, 3600)
  AUDIT_REJECTED_TOKEN_WINDOW_SECONDS: number = 60;

  /** Login attempts per minute from one address (argon2 is costly: a flood must not starve the CPU). */
  @IntSetting(1)
  LOGIN_RATE_LIMIT_PER_MINUTE: number = 60;

  /**
   * Which proxies' X-Forwarded-For is believed for the client address (per-IP limits and the audit
   * log's ip): `true`, `false`, a hop count, or addresses/CIDRs/names (loopback, linklocal,
   * uniquelocal) separated by commas. Believing every sender would let anyone pick their own IP.
   */
  @IsString()
  TRUST_PROXY: string = 'loopback,uniquelocal';

  /**
   * Open311 POSTs per minute one API key may make, counted over every gateway replica (shared
   * store). The default (12,000 a minute, 200 a second sustained) lets a district or city platform
   * forward a morning's hotline tickets through its one key; it stops a runaway client, it is not a
   * quota.
   */
  @IntSetting(1)
  OPEN311_RATE_LIMIT_PER_MINUTE: number = 12_000;

  /**
   * Requests per minute one address may make to the anonymous routes (Open311 reads and writes
   * without a key), over every replica. Platforms with a key are counted per key instead.
   */
  @IntSetting(1)
  ANONYMOUS_RATE_LIMIT_PER_MINUTE: number = 600;

  /**
   * Open311 reads (`GET requests`, `requests/{id}`, `tokens/{id}`, `servicerequestupdates`) answer
   * without an API key by default, with public fields only: FixMyStreet sends no key on GETs. Set
   * true for a deployment whose reads are for its platforms only (a key is then required: 401).
   */
  @Transform(toBool)
  @IsBoolean()
  OPEN311_READS_REQUIRE_KEY: boolean = false;

  /** The grid path keyless Open311 reads cover (a street: `nj.gulou.btq`); empty = every street this suite serves. */
  @Matches(/^$|^[a-z0-9_]+(\.[a-z0-9_]+)*$/, { message: 'OPEN311_PUBLIC_SCOPE must be a grid path like nj.gulou.btq, or empty' })
  OPEN311_PUBLIC_SCOPE: string = '';

  /**
   * The most updates one `servicerequestupdates` answer holds. Past it the answer is a 413 in the
   * spec's error format asking for a shorter window: the newest updates are never silently dropped.
   */
  @IntSetting(1000)
  OPEN311_UPDATES_MAX: number = 200_000;

  /** Where the built web page lives (served at /). */
  @IsString()
  WEB_DIST: string = 'apps/hub-web/dist';

  override validateTogether(): string[] {
    const problems = super.validateTogether();
    if (this.NODE_ENV === 'production') {
      problems.push(
        ...requireSecrets(this, {
          JWT_SECRET: 'signs access tokens',
          METRICS_TOKEN: 'GET /metrics answers only Authorization: Bearer <this>',
        }),
      );
    }
    return problems;
  }

  /** TRUST_PROXY as Fastify's `trustProxy` option. */
  trustProxy(): boolean | number | string[] {
    const v = this.TRUST_PROXY.trim();
    if (v === 'true' || v === 'false') return v === 'true';
    if (/^\d+$/.test(v)) return Number(v);
    return v.split(',').map((x) => x.trim()).filter(Boolean);
  }

  jwtSecret(): string {
    return this.JWT_SECRET ?? 'grid122-demo-jwt-secret-not-for-production-use';
  }
}

export const loadGatewayEnv = (env: Record<string, string | undefined> = process.env): GatewayEnv => loadConfig(GatewayEnv, env);
