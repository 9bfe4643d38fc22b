import { IsInt, Max, Min } from 'class-validator';
import { BaseEnv } from './base.env';
import { ConfigError, loadConfig } from './load-config';

class SampleEnv extends BaseEnv {
  @IsInt()
  @Min(1)
  @Max(10)
  WORKERS: number = 2;
}

describe(loadConfig.name, () => {
  it('applies defaults and converts types', () => {
    const sut = loadConfig(SampleEnv, { WORKERS: '7', DEMO_MODE: 'true' });
    expect(sut.WORKERS).toBe(7);
    expect(sut.DEMO_MODE).toBe(true);
    expect(sut.NATS_URL).toBe('nats://127.0.0.1:4222');
  });

  it('names every bad key', () => {
    expect(() => loadConfig(SampleEnv, { WORKERS: '70', DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    try {
      loadConfig(SampleEnv, { WORKERS: '70', DATABASE_URL: 'mysql://x' });
    } catch (e) {
      expect((e as ConfigError).problems.join('\n')).toMatch(/WORKERS/);
      expect((e as ConfigError).problems.join('\n')).toMatch(/DATABASE_URL/);
    }
  });

  it('refuses production without PII keys', () => {
    expect(() => loadConfig(SampleEnv, { NODE_ENV: 'production' })).toThrow(/PII_ENCRYPTION_KEY/);
  });
});
