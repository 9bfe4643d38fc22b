import { IsOptional, IsString, MinLength } from 'class-validator';
import { BaseEnv, IntSetting, loadConfig, requireSecrets } from '@grid122/config';

/** Configuration of the identity service (账号与审计), validated at boot. */
export class IdentityEnv extends BaseEnv {
  override PORT: number = 3008;

  /** Accounts and audit entries, no residents' personal data: no PII keys (PERSONAL_DATA_APPS). */
  override holdsPersonalData(): boolean {
    return false;
  }

  /** How long a session's refresh token lives (POST /api/v1/auth/refresh); rotated on every use. */
  @IntSetting(300, 90 * 24 * 3600)
  REFRESH_TTL_SECONDS: number = 7 * 24 * 3600;

  /** The admin account's password; start-up refuses a missing one outside demo mode. */
  @IsString()
  @MinLength(12)
  @IsOptional()
  ADMIN_PASSWORD?: string;

  /**
   * The security administrator's (安全管理员) and the auditor's (审计员) passwords: their accounts are
   * created on first start from these, never through the admin's accounts API (三员分立).
   */
  @IsString()
  @MinLength(12)
  @IsOptional()
  SECURITY_ADMIN_PASSWORD?: string;

  @IsString()
  @MinLength(12)
  @IsOptional()
  AUDITOR_PASSWORD?: string;

  /** The demo accounts' password (`seed`, DEMO_MODE only). */
  @IsString()
  @MinLength(8)
  DEMO_PASSWORD: string = 'grid122-demo';

  /** The district platform's demo API key (`seed`, DEMO_MODE only). */
  @IsString()
  @MinLength(8)
  DEMO_API_KEY: string = 'grid122-demo-key';

  /** Failed logins before an account is locked, and for how long. */
  @IntSetting(3)
  LOGIN_MAX_FAILURES: number = 5;

  @IntSetting(10)
  LOGIN_LOCK_SECONDS: number = 15 * 60;

  /** Password hashes (argon2id, ~64 MiB each) computed at once; more wait in the queue below. */
  @IntSetting(1, 64)
  PASSWORD_HASH_CONCURRENCY: number = 4;

  /** Logins waiting for a hash slot; beyond this a login is refused at once (429 RATE_LIMITED). */
  @IntSetting(0, 10_000)
  PASSWORD_HASH_QUEUE: number = 64;

  override validateTogether(): string[] {
    const problems = super.validateTogether();
    if (this.NODE_ENV === 'production') problems.push(...requireSecrets(this, { ADMIN_PASSWORD: 'the first admin account; no default admin password exists' }));
    return problems;
  }
}

export const loadIdentityEnv = (env: Record<string, string | undefined> = process.env): IdentityEnv => loadConfig(IdentityEnv, env);
