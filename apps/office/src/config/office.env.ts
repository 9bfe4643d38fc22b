import { IsInt, Max, Min } from 'class-validator';
import { BaseEnv, loadConfig } from '@grid122/config';

/** Configuration of the office service, validated at boot. */
export class OfficeEnv extends BaseEnv {
  @IsInt()
  @Min(0)
  @Max(65535)
  override PORT: number = 3001;
}

export const loadOfficeEnv = (env: Record<string, string | undefined> = process.env): OfficeEnv => loadConfig(OfficeEnv, env);
