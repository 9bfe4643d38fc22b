import { IsInt, Max, Min } from 'class-validator';
import { BaseEnv, loadConfig } from '@grid122/config';

/** Configuration of the identity service (账号与审计), validated at boot. */
export class IdentityEnv extends BaseEnv {
  @IsInt()
  @Min(0)
  @Max(65535)
  override PORT: number = 3008;

  /** Accounts and audit entries, no residents' personal data: no PII keys (PERSONAL_DATA_APPS). */
  override holdsPersonalData(): boolean {
    return false;
  }
}

export const loadIdentityEnv = (env: Record<string, string | undefined> = process.env): IdentityEnv => loadConfig(IdentityEnv, env);
