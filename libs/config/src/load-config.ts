import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { configureStreetCalendar } from '@grid122/calendar';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the environment into a typed config class at boot. Fails fast with the
 * name of every bad key. Only `config/` folders call this; nothing else reads `process.env`.
 */
export function loadConfig<T extends object>(
  cls: new () => T,
  env: Record<string, string | undefined> = process.env,
): T {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const config = plainToInstance(cls, defined, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, skipMissingProperties: false });
  if (errors.length > 0) throw new ConfigError(flatten(errors));
  const hook = (config as { validateTogether?: () => string[] }).validateTogether;
  const cross = hook ? hook.call(config) : [];
  if (cross.length > 0) throw new ConfigError(cross);
  // One street calendar per process, whatever zone its clock runs in.
  const zone = (config as { STREET_TIME_ZONE?: unknown }).STREET_TIME_ZONE;
  if (typeof zone === 'string') configureStreetCalendar(zone);
  return config;
}

function flatten(errors: ValidationError[]): string[] {
  return errors.flatMap((e) =>
    e.constraints ? [`${e.property}: ${Object.values(e.constraints).join(', ')}`] : flatten(e.children ?? []),
  );
}
