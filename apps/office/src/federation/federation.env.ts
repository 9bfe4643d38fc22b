import { IsOptional, IsString, Matches } from 'class-validator';
import { loadConfig } from '@grid122/config';
import { GRID_PATH_PATTERN, STREET_LABEL_PATTERN } from '@grid122/contracts';

/**
 * The street side of federation (街道 ← 区 task hand-down). Without FEDERATION_STREET the office
 * runs alone (a laptop, a street without a district link) and this capability does nothing.
 */
export class OfficeFederationEnv {
  /** This street's label: its JetStream domain and the `<street>` token of `fed.task.<street>.>`. */
  @IsOptional()
  @Matches(STREET_LABEL_PATTERN, { message: 'FEDERATION_STREET must be a street label like btq' })
  FEDERATION_STREET?: string;

  /** The street's grid path: the scope tasks must fall in (a task for another place is refused). */
  @IsOptional()
  @Matches(GRID_PATH_PATTERN, { message: 'FEDERATION_STREET_PATH must be an ltree path like nj.gulou.btq' })
  FEDERATION_STREET_PATH?: string;

  /** The JetStream domain of the level above (the district hub) whose DISTRICT_TASKS the street sources. */
  @IsString()
  @Matches(STREET_LABEL_PATTERN, { message: 'FEDERATION_UPSTREAM_DOMAIN must be a JetStream domain like district' })
  FEDERATION_UPSTREAM_DOMAIN: string = 'district';

  validateTogether(): string[] {
    return this.FEDERATION_STREET && !this.FEDERATION_STREET_PATH ? ['FEDERATION_STREET_PATH: required with FEDERATION_STREET'] : [];
  }
}

export const loadOfficeFederationEnv = (env: Record<string, string | undefined> = process.env): OfficeFederationEnv => loadConfig(OfficeFederationEnv, env);
