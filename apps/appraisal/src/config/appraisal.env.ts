import { IsInt, Max, Min } from 'class-validator';
import { BaseEnv, loadConfig } from '@grid122/config';

/** Configuration of the appraisal service, validated at boot. */
export class AppraisalEnv extends BaseEnv {
  @IsInt()
  @Min(0)
  @Max(65535)
  override PORT: number = 3006;
}

export const loadAppraisalEnv = (env: Record<string, string | undefined> = process.env): AppraisalEnv => loadConfig(AppraisalEnv, env);
