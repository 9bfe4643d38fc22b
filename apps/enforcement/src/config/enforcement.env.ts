import { IsInt, Max, Min } from 'class-validator';
import { BaseEnv, loadConfig } from '@grid122/config';

/** Configuration of the enforcement service, validated at boot. */
export class EnforcementEnv extends BaseEnv {
  @IsInt()
  @Min(0)
  @Max(65535)
  override PORT: number = 3004;
}

export const loadEnforcementEnv = (env: Record<string, string | undefined> = process.env): EnforcementEnv => loadConfig(EnforcementEnv, env);
