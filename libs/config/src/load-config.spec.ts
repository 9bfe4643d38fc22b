import { IsInt, Max, Min } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { PiiCipher } from '@grid122/privacy';
import { BaseEnv, DEMO_ACTOR_SIGNING_KEY, demoPiiKey, generatePiiKeyEnv, PERSONAL_DATA_APPS } from './base.env';
import { ConfigError, loadConfig } from './load-config';

class SampleEnv extends BaseEnv {
  @IsInt()
  @Min(1)
  @Max(10)
  WORKERS: number = 2;
}

/** The problems loadConfig names for an environment, none when it loads. */
const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(SampleEnv, env);
    return [];
  } catch (e) {
    return (e as ConfigError).problems;
  }
};

describe(loadConfig.name, () => {
  it('applies defaults and converts types', () => {
    const sut = loadConfig(SampleEnv, { WORKERS: '7', DEMO_MODE: 'true', NODE_ENV: 'development' });
    expect(sut.WORKERS).toBe(7);
    expect(sut.DEMO_MODE).toBe(true);
    expect(sut.NATS_URL).toBe('nats://127.0.0.1:4222');
  });

  it("keeps the base's rules for a key a subclass only gives another default (override PORT = 3003)", () => {
    class PortEnv extends BaseEnv {
      override PORT: number = 3003;
    }
    expect(loadConfig(PortEnv, { NODE_ENV: 'test' }).PORT).toBe(3003);
    expect(loadConfig(PortEnv, { NODE_ENV: 'test', PORT: '4000' }).PORT).toBe(4000);
    expect(() => loadConfig(PortEnv, { NODE_ENV: 'test', PORT: '70000' })).toThrow(/PORT: PORT must not be greater than 65535/);
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

  it('is production by default: no secrets, a published secret or DEMO_MODE are refused, naming each key', () => {
    expect(problems({}).join('\n')).toMatch(/PII_ENCRYPTION_KEY: required in production[^]*ACTOR_SIGNING_KEY: required[^]*NATS_PASSWORD: required/);
    const real = { PII_ENCRYPTION_KEY: 'r'.repeat(40), PII_HASH_KEY: 's'.repeat(40), ACTOR_SIGNING_KEY: 't'.repeat(40), NATS_PASSWORD: 'u'.repeat(24) };
    expect(problems(real)).toEqual([]);
    expect(problems({ ...real, DEMO_MODE: 'true' })).toEqual([expect.stringMatching(/^DEMO_MODE: refused in production/)]);
    expect(problems({ ...real, ACTOR_SIGNING_KEY: DEMO_ACTOR_SIGNING_KEY })).toEqual([expect.stringMatching(/^ACTOR_SIGNING_KEY: a published default/)]);
    expect(problems({ ...real, PII_HASH_KEY: 'demo-only-pii-hash-key-0123456789abcdef012345' })).toEqual([expect.stringMatching(/^PII_HASH_KEY: a published default/)]);
    expect(problems({ ...real, PII_ENCRYPTION_KEY: 'CHANGE-ME-at-least-32-characters-long-random' })).toEqual([expect.stringMatching(/^PII_ENCRYPTION_KEY: a published default/)]);
    expect(problems({ NODE_ENV: 'development', DEMO_MODE: 'true' })).toEqual([]);
  });

  it('reads DEMO_MODE=false as off when the build emits design:type Boolean (tsc does; implicit conversion makes "false" true)', () => {
    const had = Reflect.getMetadata('design:type', BaseEnv.prototype, 'DEMO_MODE');
    Reflect.defineMetadata('design:type', Boolean, BaseEnv.prototype, 'DEMO_MODE');
    try {
      const real = { PII_ENCRYPTION_KEY: 'r'.repeat(40), PII_HASH_KEY: 's'.repeat(40), ACTOR_SIGNING_KEY: 't'.repeat(40), NATS_PASSWORD: 'u'.repeat(24) };
      expect(loadConfig(SampleEnv, { ...real, DEMO_MODE: 'false' }).DEMO_MODE).toBe(false);
      expect(loadConfig(SampleEnv, { NODE_ENV: 'development', DEMO_MODE: 'true' }).DEMO_MODE).toBe(true);
    } finally {
      Reflect.defineMetadata('design:type', had, BaseEnv.prototype, 'DEMO_MODE');
    }
  });

  describe('PII keys per service with key ids', () => {
    const k1 = randomBytes(32).toString('base64');
    const k2 = randomBytes(32).toString('base64');
    const prod = { PII_HASH_KEY: 's'.repeat(40), ACTOR_SIGNING_KEY: 't'.repeat(40), NATS_PASSWORD: 'u'.repeat(24) };

    it('production takes PII_KEYS in place of PII_ENCRYPTION_KEY, and refuses a bad ring naming the key', () => {
      expect(problems({ ...prod, PII_KEYS: `k1:${k1}` })).toEqual([]);
      expect(problems({ ...prod, PII_KEYS: `k1:${k1},k2:${k2}`, PII_ACTIVE_KEY_ID: 'k2' })).toEqual([]);
      expect(problems({ ...prod, PII_KEYS: `k1:${k1},k2:${k2}` })).toEqual([expect.stringMatching(/^PII_ACTIVE_KEY_ID: required when PII_KEYS holds more than one key/)]);
      expect(problems({ ...prod, PII_KEYS: `k1:${k1}`, PII_ACTIVE_KEY_ID: 'k9' })).toEqual([expect.stringMatching(/^PII_ACTIVE_KEY_ID: k9 is not a key id of PII_KEYS/)]);
      expect(problems({ ...prod, PII_KEYS: 'k1:short' })).toEqual([expect.stringMatching(/^PII_KEYS: key k1 must be 32 bytes/)]);
      expect(problems({ ...prod, PII_KEYS: `k1:${demoPiiKey('office').toString('base64')}` })).toEqual([expect.stringMatching(/^PII_KEYS: key k1 is a published demo key/)]);
      expect(problems(prod)).toEqual([expect.stringMatching(/^PII_ENCRYPTION_KEY: required in production/)]);
      expect(problems({ ...prod, PII_KEYS: `k1:${k1}`, PII_ENCRYPTION_KEY: 'grid122-demo-pii-encryption-key-not-secret' })).toEqual([expect.stringMatching(/^PII_ENCRYPTION_KEY: a published default/)]);
    });

    it('PII_HASH_KEYS with key ids: production takes it in place of PII_HASH_KEY, refuses a bad ring, a missing or a published key', () => {
      const enc = { PII_KEYS: `k1:${k1}`, ACTOR_SIGNING_KEY: 't'.repeat(40), NATS_PASSWORD: 'u'.repeat(24) };
      expect(problems({ ...enc, PII_HASH_KEYS: `h1:${k2}` })).toEqual([]);
      expect(problems(enc)).toEqual([expect.stringMatching(/^PII_HASH_KEY: required in production .*PII_HASH_KEYS/)]);
      expect(problems({ ...enc, PII_HASH_KEYS: `h1:${k2},h2:${k1}` })).toEqual([expect.stringMatching(/^PII_ACTIVE_HASH_KEY_ID: required when PII_HASH_KEYS holds more than one key/)]);
      expect(problems({ ...enc, PII_HASH_KEYS: `h1:${k2}`, PII_ACTIVE_HASH_KEY_ID: 'h9' })).toEqual([expect.stringMatching(/^PII_ACTIVE_HASH_KEY_ID: h9 is not a key id of PII_HASH_KEYS/)]);
      expect(problems({ ...enc, PII_HASH_KEYS: 'h1:short' })).toEqual([expect.stringMatching(/^PII_HASH_KEYS: key h1 must be 32 bytes/)]);
      expect(problems({ ...enc, PII_HASH_KEYS: `h1:${demoPiiKey('office').toString('base64')}` })).toEqual([expect.stringMatching(/^PII_HASH_KEYS: key h1 is a published demo key/)]);
      expect(problems({ ...enc, PII_HASH_KEYS: `h1:${k2}`, PII_HASH_KEY: 'grid122-demo-pii-hash-key-not-secret-at-all' })).toEqual([expect.stringMatching(/^PII_HASH_KEY: a published default/)]);
      expect(problems({ ...enc, PII_ACTIVE_HASH_KEY_ID: 'h1', PII_HASH_KEY: 's'.repeat(40) })).toEqual([expect.stringMatching(/^PII_ACTIVE_HASH_KEY_ID: set without PII_HASH_KEYS/)]);
    });

    it('PII_HASH_KEY alone hashes as before (the operators\' contract); beside PII_HASH_KEYS it stays readable as key id legacy', () => {
      const before = new PiiCipher(loadConfig(SampleEnv, { ...prod, PII_KEYS: `k1:${k1}` }).piiKeys('office'));
      const old = before.hash('13912345678');
      expect(old).toBe(new PiiCipher({ encryption: 'x'.repeat(32), hash: 's'.repeat(40) }).hash('13912345678'));
      const rotated = new PiiCipher(loadConfig(SampleEnv, { ...prod, PII_KEYS: `k1:${k1}`, PII_HASH_KEYS: `h2:${k2}`, PII_ACTIVE_HASH_KEY_ID: 'h2' }).piiKeys('office'));
      expect(rotated.activeHashKeyId).toBe('h2');
      expect(rotated.hash('13912345678')).toMatch(/^h2:/);
      expect(rotated.hashes('13912345678')).toEqual([rotated.hash('13912345678'), old]);
    });

    it('an app keeping no personal data (gateway, appraisal, federation) needs no PII key in production; generated rings are one per app, none shared', () => {
      class NoPersonalData extends BaseEnv {
        override holdsPersonalData(): boolean {
          return false;
        }
      }
      expect(() => loadConfig(NoPersonalData, { ACTOR_SIGNING_KEY: 't'.repeat(40), NATS_PASSWORD: 'u'.repeat(24) })).not.toThrow();
      const rings = generatePiiKeyEnv();
      expect(Object.keys(rings)).toEqual([...PERSONAL_DATA_APPS]);
      const keys = Object.values(rings).flatMap((r) => [r.PII_KEYS, r.PII_HASH_KEYS]);
      expect(new Set(keys).size).toBe(keys.length);
      for (const r of Object.values(rings)) expect(problems({ ...r, ACTOR_SIGNING_KEY: 't'.repeat(40), NATS_PASSWORD: 'u'.repeat(24) })).toEqual([]);
    });

    it('each service its own demo key; PII_ENCRYPTION_KEY stays readable as key id legacy', () => {
      const dev = loadConfig(SampleEnv, { NODE_ENV: 'development' });
      const office = new PiiCipher(dev.piiKeys('office'));
      const petitions = new PiiCipher(dev.piiKeys('petitions'));
      expect(office.encrypt('13912345678')).toMatch(/^v2:demo-office:/);
      expect(() => petitions.decrypt(office.encrypt('13912345678'))).toThrow(/demo-office/);

      const old = loadConfig(SampleEnv, { ...prod, PII_ENCRYPTION_KEY: 'r'.repeat(40) });
      const before = new PiiCipher(old.piiKeys('office'));
      const stored = before.encrypt('13912345678');
      expect(stored).toMatch(/^v2:legacy:/);
      const rotated = loadConfig(SampleEnv, { ...prod, PII_ENCRYPTION_KEY: 'r'.repeat(40), PII_KEYS: `k1:${k1}` });
      const after = new PiiCipher(rotated.piiKeys('office'));
      expect(after.activeKeyId).toBe('k1');
      expect(after.decrypt(stored)).toBe('13912345678');
      expect(after.rewrap(stored)).toMatch(/^v2:k1:/);
    });
  });
});
