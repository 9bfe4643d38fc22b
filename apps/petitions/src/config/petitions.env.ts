import { IsInt, Max, Min } from 'class-validator';
import { BaseEnv, loadConfig } from '@grid122/config';

/** Configuration of the petitions service, validated at boot. */
export class PetitionsEnv extends BaseEnv {
  @IsInt()
  @Min(0)
  @Max(65535)
  override PORT: number = 3003;

  /** Days to decide whether to accept a petition (受理告知期限). */
  @IsInt()
  @Min(1)
  @Max(90)
  PETITION_ACCEPT_DAYS: number = 15;

  /** Days from acceptance to the reply on the merits (办理期限). */
  @IsInt()
  @Min(1)
  @Max(365)
  PETITION_REPLY_DAYS: number = 60;

  /** The most the reply limit may be extended, once (延期). */
  @IsInt()
  @Min(0)
  @Max(365)
  PETITION_MAX_EXTENSION_DAYS: number = 30;

  /** A petition by the same petitioner on the same matter within this many days is a repeat. */
  @IsInt()
  @Min(1)
  @Max(3650)
  PETITION_REPEAT_WINDOW_DAYS: number = 365;
}

export const loadPetitionsEnv = (env: Record<string, string | undefined> = process.env): PetitionsEnv => loadConfig(PetitionsEnv, env);
