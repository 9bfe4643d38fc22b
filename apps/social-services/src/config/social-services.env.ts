import { IsInt, Max, Min } from 'class-validator';
import { BaseEnv, loadConfig } from '@grid122/config';

/** Configuration of the social-services service, validated at boot. */
export class SocialServicesEnv extends BaseEnv {
  @IsInt()
  @Min(0)
  @Max(65535)
  override PORT: number = 3005;
}

export const loadSocialServicesEnv = (env: Record<string, string | undefined> = process.env): SocialServicesEnv => loadConfig(SocialServicesEnv, env);
