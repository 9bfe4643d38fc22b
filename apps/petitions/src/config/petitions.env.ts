import { BaseEnv, IntSetting, loadConfig } from '@grid122/config';

/** Configuration of the petitions service, validated at boot. */
export class PetitionsEnv extends BaseEnv {
  override PORT: number = 3003;

  /** Days to decide whether to accept a petition (受理告知期限). */
  @IntSetting(1, 90)
  PETITION_ACCEPT_DAYS: number = 15;

  /** Days from acceptance to the reply on the merits (办理期限). */
  @IntSetting(1, 365)
  PETITION_REPLY_DAYS: number = 60;

  /** The most the reply limit may be extended, once (延期). */
  @IntSetting(0, 365)
  PETITION_MAX_EXTENSION_DAYS: number = 30;

  /** A petition by the same petitioner on the same matter within this many days is a repeat. */
  @IntSetting(1, 3650)
  PETITION_REPEAT_WINDOW_DAYS: number = 365;
}

export const loadPetitionsEnv = (env: Record<string, string | undefined> = process.env): PetitionsEnv => loadConfig(PetitionsEnv, env);
