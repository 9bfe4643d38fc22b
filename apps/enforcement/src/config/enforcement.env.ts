import { BaseEnv, IntSetting, loadConfig } from '@grid122/config';

/** Configuration of the enforcement service, validated at boot. */
export class EnforcementEnv extends BaseEnv {
  override PORT: number = 3004;

  /** How often started joint operations are checked for unacknowledged departments (ms; 0 = off). */
  @IntSetting(0, 3_600_000)
  ENFORCEMENT_UNACK_SWEEP_MS: number = 60_000;
}

export const loadEnforcementEnv = (env: Record<string, string | undefined> = process.env): EnforcementEnv => loadConfig(EnforcementEnv, env);
