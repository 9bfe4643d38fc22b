import { BaseEnv, loadConfig } from '@grid122/config';

/** Configuration of the grid-registry service, validated at boot. */
export class GridRegistryEnv extends BaseEnv {
  override PORT: number = 3002;
}

export const loadGridRegistryEnv = (env: Record<string, string | undefined> = process.env): GridRegistryEnv => loadConfig(GridRegistryEnv, env);
