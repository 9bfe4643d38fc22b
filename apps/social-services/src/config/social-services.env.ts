import { BaseEnv, IntSetting, loadConfig, NumberSetting } from '@grid122/config';

/** Configuration of the social-services service, validated at boot. */
export class SocialServicesEnv extends BaseEnv {
  override PORT: number = 3005;

  /** The 15-minute service circle: minutes of walking (15/10: ten services within 15 minutes). */
  @IntSetting(1, 60)
  SOCIAL_CIRCLE_MINUTES: number = 15;

  /** Walking speed for the circle's straight-line distance, m/s (1.2 m/s × 15 min ≈ 1,080 m). */
  @NumberSetting(0.3, 3)
  SOCIAL_WALK_SPEED_MPS: number = 1.2;
}

export const loadSocialServicesEnv = (env: Record<string, string | undefined> = process.env): SocialServicesEnv => loadConfig(SocialServicesEnv, env);
