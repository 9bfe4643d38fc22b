import { IsInt, Max, Min } from 'class-validator';
import { BaseEnv, loadConfig } from '@grid122/config';

/** Configuration of the petitions service, validated at boot. */
export class PetitionsEnv extends BaseEnv {
  @IsInt()
  @Min(0)
  @Max(65535)
  override PORT: number = 3003;
}

export const loadPetitionsEnv = (env: Record<string, string | undefined> = process.env): PetitionsEnv => loadConfig(PetitionsEnv, env);
