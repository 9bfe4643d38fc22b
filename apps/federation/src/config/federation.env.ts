import { IsIn, Matches } from 'class-validator';
import { BaseEnv, loadConfig } from '@grid122/config';

/** Configuration of the federation service, validated at boot. */
export class FederationEnv extends BaseEnv {
  /** Keeps no personal data: no PII keys are given to it or required (PERSONAL_DATA_APPS). */
  override holdsPersonalData(): boolean {
    return false;
  }

  override PORT: number = 3007;

  /** Federation level (street | district | city): a district/city keeps the read model of the level below; a street holds none. */
  @IsIn(['street', 'district', 'city'])
  FEDERATION_MODE: 'street' | 'district' | 'city' = 'street';

  /** District/city mode: the members below, `<label>:<grid path>[:<JetStream domain>]` separated by commas (domain defaults to the label). */
  @Matches(/^$|^[a-z0-9][a-z0-9_-]{0,31}:[a-z0-9_]+(\.[a-z0-9_]+)*(:[a-z0-9][a-z0-9_-]{0,31})?(,[a-z0-9][a-z0-9_-]{0,31}:[a-z0-9_]+(\.[a-z0-9_]+)*(:[a-z0-9][a-z0-9_-]{0,31})?)*$/, {
    message: 'FEDERATION_STREETS must look like btq:nj.gulou.btq,jlm:nj.gulou.jlm:street-jlm',
  })
  FEDERATION_STREETS: string = '';

  /** This level's own JetStream domain (named in the tasks it hands down). */
  @Matches(/^[a-z0-9][a-z0-9_-]{0,31}$/, { message: 'FEDERATION_DOMAIN must be a JetStream domain like district' })
  FEDERATION_DOMAIN: string = 'district';
}

export const loadFederationEnv = (env: Record<string, string | undefined> = process.env): FederationEnv => loadConfig(FederationEnv, env);
